#!/usr/bin/env bash
# Set up the core install (first run only: no torch, see README) and summarize the bundled example cluster, printing the summary and its sources.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh core
. .venv/bin/activate
exec mds summarize summarizer/demo/examples/summit/ "$@"
