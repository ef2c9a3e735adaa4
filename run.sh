#!/usr/bin/env bash
# Set up (first run only) and summarize the bundled example cluster, printing the summary and its sources.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
. .venv/bin/activate
exec mds summarize summarizer/demo/examples/summit/ "$@"
