"""Build the int8 CTranslate2 copies of the default models (MiniLM and the fusion model) into the user
cache and check them against the checksums recorded in `int8_copies.json`, so that the first summary
converts nothing. `scripts/setup.sh` runs it at install time:

    python -m summarizer.build_models        # MDS_CACHE chooses the cache folder (default ~/.cache/mds)

Without it (a plain `pip install`), the first summary builds the same copies (numpy only, about a
second each). Exit status 1, with one line per mismatch, when a copy differs from the recorded one.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

EXPECTED = Path(__file__).parent / "runtime" / "int8_copies.json"


def default_sources() -> dict[str, Path]:
    from summarizer.engines.fusion import DEFAULT_MODEL
    from summarizer.pipeline.embed import minilm_path

    return {"all-minilm-l6-v2": minilm_path(), "fusion-minilm": DEFAULT_MODEL}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def mismatches(name: str, copy: Path) -> list[str]:
    """The files of `copy` whose sha256 differs from the one recorded for model `name`."""
    expected = json.loads(EXPECTED.read_text())[name]
    return [f"{copy / file}: sha256 differs from the recorded {digest[:12]}..."
            for file, digest in expected.items() if not (copy / file).is_file() or sha256(copy / file) != digest]


def main() -> int:
    from summarizer.runtime.convert import converted

    problems = []
    for name, source in default_sources().items():
        copy = converted(source, "int8")
        wrong = mismatches(name, copy)
        problems += wrong
        print(f"mds: {name} int8 copy {'differs' if wrong else 'checked'}: {copy}", file=sys.stderr)
    for line in problems:
        print(f"mds: error: {line}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
