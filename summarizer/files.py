"""Reading input files safely, in one place: regular files only, bounded sizes, gzip, and JSON-lines
files of clusters (`{"id", "documents": [str], "references"?: [str], "focus"?: str}`, one per line).

The CLI, the batch runner, the evaluation harness and the training-pair builder all read clusters
through `iter_json_lines` / `check_cluster`, so a malformed line gets the same message everywhere:
the file name, the line number and what is wrong.
"""
from __future__ import annotations

import gzip
import itertools
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from summarizer.errors import InputError

CLUSTER_FILE_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz")   # JSON lines, one cluster each
MAX_READ_BYTES = 8 * 2**20     # per file, cluster line or stdin; documents are cut at 200,000 characters anyway
MAX_FILE_BYTES = 2**30         # a whole cluster/predictions file once decompressed (Multi-News train: 178 MB)
READ_CHUNK = 2**20             # cluster files are read in chunks this size: memory stays flat in the file size


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


def line_too_long(where: str, max_bytes: int) -> InputError:
    return InputError(f"{where}: the line is longer than {_size(max_bytes)}, the per-line limit; it is skipped "
                      "whole (raise the limit with --max-input-mb)")


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


def file_too_big(name: str, max_file_bytes: int) -> InputError:
    return InputError(f"{name} holds more than {_size(max_file_bytes)} once decompressed, the whole-file limit "
                      "(raise it with --max-file-mb, or split the file)")


def iter_json_lines(path: str | Path, keep_going: bool = False, max_bytes: int = MAX_READ_BYTES,
                    max_file_bytes: int = MAX_FILE_BYTES) -> Iterator[tuple[int, dict | InputError]]:
    """(line number, object) for each non-blank line of a .jsonl / .jsonl.gz file, read as a stream.

    A malformed line (not UTF-8, not JSON, nested too deep, not an object, longer than `max_bytes` once
    decompressed) is an InputError naming the file and line. With `keep_going` that error is yielded in
    place of the object and reading goes on (`mds batch`); an over-long line is one error, its tail is
    skipped, never read as a line of its own. More than `max_file_bytes` decompressed in all (a gzip
    bomb, even of blank lines) raises as soon as it is passed.
    """
    path = Path(path)
    check_regular_file(path)     # a FIFO named *.jsonl would block, a device would never end
    try:
        with open_binary(path) as fh:
            for number, raw in iter_raw_lines(fh, path.name, max_bytes, max_file_bytes):
                where = f"{path.name} line {number}"
                obj = line_too_long(where, max_bytes) if raw is None else _parse_line(raw, where)
                if isinstance(obj, InputError) and not keep_going:
                    raise obj
                yield number, obj
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"{path.name}: cannot read the gzip file ({e})") from None


def iter_raw_lines(fh, name: str, max_bytes: int = MAX_READ_BYTES,
                   max_file_bytes: int = MAX_FILE_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of each non-blank line of a binary stream, or (number, None) for a line
    longer than `max_bytes` with its newline (its bytes are dropped as they come). Lines are numbered from 1, blank
    ones counted. Reads `READ_CHUNK` bytes at a time, so neither a long line nor a run of millions of
    blank lines costs more memory than one line; InputError past `max_file_bytes` in all."""
    total, number = 0, 0
    pieces: list[bytes] = []   # the line being read, when it is not over the limit
    length, over = 0, False
    while chunk := fh.read(READ_CHUNK):
        total += len(chunk)
        if total > max_file_bytes:
            raise file_too_big(name, max_file_bytes)
        if not (pieces or over) and not chunk.strip():   # blank lines only (a bomb's filler): count them
            number += chunk.count(b"\n")
            continue
        parts = chunk.split(b"\n")
        for k, part in enumerate(parts):
            last = k == len(parts) - 1
            if not over:
                length += len(part)
                if length > max_bytes:
                    over, pieces = True, []
                elif part:
                    pieces.append(part)
            if last:
                break   # the line goes on in the next chunk
            number += 1
            if over or length + 1 > max_bytes:   # its newline counts: a line is at most max_bytes in all
                yield number, None
            elif pieces and (line := b"".join(pieces)).strip():
                yield number, line
            pieces, length, over = [], 0, False
    if over:
        yield number + 1, None
    elif pieces and (line := b"".join(pieces)).strip():
        yield number + 1, line


def _parse_line(raw: bytes, where: str) -> dict | InputError:
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        return InputError(f"{where}: not UTF-8 ({e.reason} at byte {e.start})")
    except json.JSONDecodeError as e:
        return InputError(f"{where}: not valid JSON ({e.msg} at column {e.colno})")
    except RecursionError:
        return nested_too_deep(where)
    except ValueError as e:   # a number of more than 4,300 digits
        return InputError(f"{where}: not usable JSON ({str(e).split(';')[0]})")
    if not isinstance(obj, dict):
        return InputError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    return obj


def nested_too_deep(where: str) -> InputError:
    """JSON nested deeper than Python's parser goes (about 1,000 levels); no news cluster nests past 3."""
    return InputError(f"{where}: JSON nested too deeply (arrays or objects inside each other "
                      f"more than {sys.getrecursionlimit():,} levels)")


def load_json(text: str, where: str):
    """`json.loads` with deep nesting and overlong numbers named for the user (JSONDecodeError is left to
    the caller)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise nested_too_deep(where) from None
    except json.JSONDecodeError:
        raise
    except ValueError as e:   # a number of more than 4,300 digits
        raise InputError(f"{where}: not usable JSON ({str(e).split(';')[0]})") from None


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (the last may be shorter), taken from `items` as they come."""
    iterator = iter(items)
    while group := list(itertools.islice(iterator, size)):
        yield group


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


def read_clusters(path: str | Path, max_bytes: int = MAX_READ_BYTES, need_references: bool = False,
                  max_file_bytes: int = MAX_FILE_BYTES) -> Iterator[dict]:
    """The checked clusters of a .jsonl / .jsonl.gz file, in file order; the first bad line raises."""
    path = Path(path)
    for number, obj in iter_json_lines(path, max_bytes=max_bytes, max_file_bytes=max_file_bytes):
        yield check_cluster(obj, f"{path.name} line {number}", need_references)
