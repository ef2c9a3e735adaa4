"""The int8 CTranslate2 copies of the default models, checked against the sha256s recorded in
`int8_copies.json`.

A copy built by `python -m summarizer.build_models` is all that summarizing needs: the core install
keeps MiniLM's int8 copy and drops its source package, so `minilm_path()` falls back to a cached copy
that matches the recorded checksums. Hashing a copy (24 MB) costs 20-40 ms; it is done once per
process and file version (path, size, mtime).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

RECORDED = Path(__file__).parent / "int8_copies.json"

_hashes: dict[tuple[str, int, int], str] = {}


def is_ct2_model(folder: str | Path) -> bool:
    """A CTranslate2 model folder (already converted: `model.bin`), not a checkpoint to convert."""
    return (Path(folder) / "model.bin").is_file()


def sha256(path: Path) -> str:
    """The file's sha256, remembered for this process per (path, size, mtime)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        _hashes[key] = digest.hexdigest()
    return _hashes[key]


def recorded(name: str) -> dict[str, str]:
    """{file name: sha256} of model `name`'s int8 copy."""
    return json.loads(RECORDED.read_text())[name]


def mismatches(name: str, copy: Path) -> list[str]:
    """The files of `copy` whose sha256 differs from the one recorded for model `name`."""
    return [f"{copy / file}: sha256 differs from the recorded {digest[:12]}..."
            for file, digest in recorded(name).items()
            if not (copy / file).is_file() or sha256(copy / file) != digest]


def cached_copy(name: str, folder_name: str, cache: Path) -> tuple[Path | None, dict[Path, list[str]]]:
    """(the first `cache/ct2/<folder_name>-*/int8` whose files match model `name`'s recorded checksums,
    or None; {copy: its mismatches} for the copies found before it that did not match)."""
    rejected = {}
    for copy in sorted((cache / "ct2").glob(f"{folder_name}-*/int8")):
        wrong = mismatches(name, copy)
        if not wrong:
            return copy, rejected
        rejected[copy] = wrong
    return None, rejected
