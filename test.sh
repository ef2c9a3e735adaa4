#!/usr/bin/env bash
# Set up (first run only, including headless Chromium for the browser test) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh all
bash scripts/install_browser.sh || echo "warning: could not install Chromium; the browser test will be skipped" >&2
. .venv/bin/activate
ruff check .                # style and lint rules: pyproject.toml [tool.ruff]
exec python -m pytest "$@"
