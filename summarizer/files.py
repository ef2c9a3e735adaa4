"""Reading input files safely, in one place: regular files only, bounded sizes, gzip, and JSON-lines
files of clusters (`{"id", "documents": [str], "references"?: [str], "focus"?: str}`, one per line).

The CLI, the batch runner, the evaluation harness and the training-pair builder all read clusters
through `iter_json_lines` / `check_cluster`, so a malformed line gets the same message everywhere:
the file name, the line number and what is wrong.
"""
from __future__ import annotations

import gzip
import json
import os
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

from summarizer.errors import InputError

CLUSTER_FILE_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz")   # JSON lines, one cluster each
MAX_READ_BYTES = 8 * 2**20     # per file, cluster line or stdin; documents are cut at 200,000 characters anyway


def check_regular_file(path: str | Path) -> None:
    """InputError unless `path` is a regular file (after symlinks): a device such as /dev/zero
    would be read forever and a FIFO would block, so they are refused before opening."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot be read ({e.strerror})") from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        raise InputError(f"{path}: is {kind}, not a regular file; only regular files are read")


def too_big(name: str, max_bytes: int) -> InputError:
    return InputError(f"{name} is larger than {_size(max_bytes)}, the input limit "
                      "(raise it with --max-input-mb, or pass a smaller file)")


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n:,} bytes"


def read_bounded(path: Path, max_bytes: int = MAX_READ_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (a file that grows while read is cut off)."""
    check_regular_file(path)
    if os.stat(path).st_size > max_bytes:
        raise too_big(path.name, max_bytes)
    with open(path, "rb") as fh:
        data = fh.read(max_bytes + 1)   # /proc files report size 0: the read itself is bounded too
    if len(data) > max_bytes:
        raise too_big(path.name, max_bytes)
    return data


def open_binary(path: Path, mode: str = "rb"):
    """`path` opened in binary `mode`, through gzip when its name ends in .gz."""
    return gzip.open(path, mode) if path.name.lower().endswith(".gz") else open(path, mode)


def iter_json_lines(path: str | Path, keep_going: bool = False,
                    max_bytes: int = MAX_READ_BYTES) -> Iterator[tuple[int, dict | InputError]]:
    """(line number, object) for each non-blank line of a .jsonl / .jsonl.gz file.

    A malformed line (not UTF-8, not JSON, not an object, longer than `max_bytes` once decompressed,
    so a gzip bomb cannot fill memory) is an InputError naming the file and line. With `keep_going`
    that error is yielded in place of the object and reading goes on (`mds batch`).
    """
    path = Path(path)
    check_regular_file(path)     # a FIFO named *.jsonl would block, a device would never end
    try:
        with open_binary(path) as fh:
            for number, raw in enumerate(iter(lambda: fh.readline(max_bytes + 1), b""), 1):
                if not raw.strip():
                    continue
                obj = _parse_line(raw, f"{path.name} line {number}", max_bytes)
                if isinstance(obj, InputError) and not keep_going:
                    raise obj
                yield number, obj
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"{path.name}: cannot read the gzip file ({e})") from None


def _parse_line(raw: bytes, where: str, max_bytes: int) -> dict | InputError:
    if len(raw) > max_bytes:
        return too_big(where, max_bytes)
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        return InputError(f"{where}: not UTF-8 ({e.reason} at byte {e.start})")
    except json.JSONDecodeError as e:
        return InputError(f"{where}: not valid JSON ({e.msg} at column {e.colno})")
    if not isinstance(obj, dict):
        return InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    return obj


def checked_focus(focus, label: str = "focus") -> str | None:
    """A focus (a question or topic statement) as the summarizer uses it: its whitespace collapsed, None
    for none (None or blank). Anything but text is an InputError (`label` names it)."""
    if focus is None:
        return None
    if not isinstance(focus, str):
        raise InputError(f"{label} must be text, got {type(focus).__name__}")
    return " ".join(focus.split()) or None


def check_cluster(obj: dict, where: str, need_references: bool = False) -> dict:
    """One cluster row normalised (id to str, references to a list, a focus as `checked_focus` gives
    it) or an InputError saying what is wrong with it."""
    if obj.get("id") is None:
        raise InputError(f"{where}: missing \"id\"")
    docs = obj.get("documents")
    if not isinstance(docs, list) or not docs or not all(isinstance(d, str) for d in docs):
        raise InputError(f"{where}: \"documents\" must be a non-empty list of strings")
    refs = obj.get("references")
    if refs is None:
        refs = []
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise InputError(f"{where}: \"references\" must be a list of strings")
    if need_references and not any(r.strip() for r in refs):
        raise InputError(f"{where}: no reference summary to score against")
    out = {**obj, "id": str(obj["id"]), "documents": list(docs), "references": list(refs)}
    if "focus" in obj:
        out["focus"] = checked_focus(obj["focus"], f'{where}: "focus"')
    return out


def read_clusters(path: str | Path, max_bytes: int = MAX_READ_BYTES,
                  need_references: bool = False) -> Iterator[dict]:
    """The checked clusters of a .jsonl / .jsonl.gz file, in file order; the first bad line raises."""
    path = Path(path)
    for number, obj in iter_json_lines(path, max_bytes=max_bytes):
        yield check_cluster(obj, f"{path.name} line {number}", need_references)
