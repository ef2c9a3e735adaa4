"""Read clusters (`{"id", "documents", "references"}` JSONL, optionally gzipped, as streams with the
limits of `summarizer.files`; NIST's DUC 2006 folder; a folder of reports as one cluster without
references) and predictions (`{"id", "summary"}` JSONL). Every problem a user can fix is an InputError
naming file and line."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from summarizer.errors import InputError
from summarizer.files import (
    CLUSTER_FILE_SUFFIXES,
    MAX_FILE_BYTES,
    MAX_READ_BYTES,
    iter_json_lines,
    read_clusters,
)


def iter_clusters(path: str | Path, limit: int | None = None, ids: list[str] | None = None,
                  need_references: bool = True, max_bytes: int = MAX_READ_BYTES,
                  max_file_bytes: int = MAX_FILE_BYTES) -> Iterator[dict]:
    """The checked clusters of a .jsonl / .jsonl.gz file, read as a stream (memory does not grow with
    the file; a line or a whole file past its limit is an InputError naming it). `ids` keeps those ids
    in file order, `limit` the first N (after `ids`); reading stops there."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    if path.is_dir():
        yield from _select(_folder_clusters(path, need_references), limit, ids, path.name)
        return
    if not path.name.endswith(CLUSTER_FILE_SUFFIXES):
        raise InputError(f"{path}: expected a .jsonl or .jsonl.gz file of clusters, or a folder")
    wanted = None if ids is None else {str(i) for i in ids}
    seen: set[str] = set()
    count = 0
    for cluster in read_clusters(path, max_bytes, need_references, max_file_bytes):
        if cluster["id"] in seen:
            raise InputError(f"{path.name}: id {cluster['id']!r} appears more than once")
        seen.add(cluster["id"])
        if wanted is not None and cluster["id"] not in wanted:
            continue
        yield cluster
        count += 1
        if limit is not None and count >= limit:
            return
    if wanted is not None and (unknown := wanted - seen):
        raise InputError(f"{path.name}: unknown id(s): {', '.join(sorted(unknown))}")
    if not count:
        raise InputError(f"{path.name}: no clusters")


def load_clusters(path: str | Path, limit: int | None = None, ids: list[str] | None = None,
                  need_references: bool = True, max_bytes: int = MAX_READ_BYTES,
                  max_file_bytes: int = MAX_FILE_BYTES) -> list[dict]:
    """`iter_clusters` as a list (the systems of `mds eval run` go over the clusters more than once)."""
    return list(iter_clusters(path, limit, ids, need_references, max_bytes, max_file_bytes))


def _folder_clusters(path: Path, need_references: bool) -> list[dict]:
    """NIST's DUC 2006 folder (a cluster per topic, its statement as focus), or any other folder as one
    cluster of the reports in it (`mds summarize` reads them the same way), named after the folder and
    without references: only reference-free metrics apply."""
    from summarizer.evaluation.duc_data import is_duc2006, read_duc2006

    if is_duc2006(path):
        return read_duc2006(path)
    if need_references:
        raise InputError(f"{path}: a folder of reports has no reference summaries to score against")
    from summarizer.pipeline.ingest import load_documents

    return [{"id": path.name, "documents": [d.text for d in load_documents([path])], "references": []}]


def _select(clusters: list[dict], limit: int | None, ids: list[str] | None, name: str) -> list[dict]:
    """`ids` (in data order), then the first `limit`, of clusters already in memory."""
    if ids is not None:
        wanted = {str(i) for i in ids}
        unknown = wanted - {c["id"] for c in clusters}
        if unknown:
            raise InputError(f"{name}: unknown id(s): {', '.join(sorted(unknown))}")
        clusters = [c for c in clusters if c["id"] in wanted]
    return clusters[:limit] if limit is not None else clusters


def load_predictions(path: str | Path, max_bytes: int = MAX_READ_BYTES,
                     max_file_bytes: int = MAX_FILE_BYTES) -> dict[str, str]:
    """{"id": summary} from a predictions JSONL (or `mds batch` output, whose error lines read as empty
    summaries); a missing or null summary reads as ""."""
    path = Path(path)
    predictions: dict[str, str] = {}
    failed: set[str] = set()
    for number, obj in iter_json_lines(path, max_bytes=max_bytes, max_file_bytes=max_file_bytes):
        if obj.get("error") is not None and obj.get("summary") is None:
            # an `mds batch` error line (perhaps without an id): that cluster has no summary
            if obj.get("id") is not None:
                failed.add(str(obj["id"]))
            continue
        if obj.get("id") is None:
            raise InputError(f"{path.name} line {number}: missing \"id\"")
        summary = obj.get("summary", obj.get("prediction"))
        if summary is None and "summary" not in obj:
            raise InputError(f"{path.name} line {number}: missing \"summary\"")
        if summary is not None and not isinstance(summary, str):
            raise InputError(f"{path.name} line {number}: \"summary\" must be a string")
        key = str(obj["id"])
        if key in predictions:
            raise InputError(f"{path.name} line {number}: id {key!r} appears more than once")
        predictions[key] = summary or ""
    for key in failed - set(predictions):
        predictions[key] = ""  # scored as an empty summary, with a warning, like any other
    return predictions


def write_predictions(path: str | Path, rows: list[dict]) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({"id": r["id"], "summary": r["summary"]}, ensure_ascii=False) + "\n")
    tmp.replace(path)


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file; of a folder, of every file's relative path and bytes, in path order."""
    path = Path(path)
    h = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        if path.is_dir():
            h.update(str(file.relative_to(path)).encode() + b"\0")
        with open(file, "rb") as f:
            for block in iter(lambda f=f: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()
