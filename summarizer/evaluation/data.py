"""Read clusters (`{"id", "documents", "references"}` JSONL, optionally gzipped; NIST's DUC 2006 folder;
a folder of reports as one cluster without references) and predictions (`{"id", "summary"}` JSONL).
Every problem a user can fix is an InputError naming file and line."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from summarizer.errors import InputError
from summarizer.files import CLUSTER_FILE_SUFFIXES, check_cluster, iter_json_lines


def _scan_for_error(path: Path, need_references: bool) -> None:
    """Re-read a file `datasets` refused, to report the first bad line by number."""
    for number, obj in iter_json_lines(path):
        check_cluster(obj, f"{path.name} line {number}", need_references)


def load_clusters(path: str | Path, limit: int | None = None, ids: list[str] | None = None,
                  need_references: bool = True) -> list[dict]:
    """Clusters from a .jsonl / .jsonl.gz file, loaded through `datasets` (Arrow-cached, so a
    second run over the same big file is fast), or from a folder (`_folder_clusters`). `ids` keeps
    those ids in file order, `limit` the first N (after `ids`)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if limit is not None and limit < 1:
        raise InputError(f"--limit must be at least 1, got {limit}")
    if path.is_dir():
        return _select(_folder_clusters(path, need_references), limit, ids, path.name)
    if not path.name.endswith(CLUSTER_FILE_SUFFIXES):
        raise InputError(f"{path}: expected a .jsonl or .jsonl.gz file of clusters, or a folder")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")  # local files only; never reach the Hub
    import datasets

    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    try:
        ds = datasets.load_dataset("json", data_files=str(path), split="train")
    except Exception as e:  # datasets' own messages do not name the line: find it ourselves
        _scan_for_error(path, need_references)
        raise InputError(f"{path.name}: cannot load as JSON lines ({type(e).__name__}: {e})") from None
    for column in ("id", "documents"):
        if column not in ds.column_names:
            raise InputError(f"{path.name}: no \"{column}\" field in any line")
    if ids is not None:
        wanted = {str(i) for i in ids}
        # .filter would cache a new Arrow table per id list; a column scan is instant
        keep = [i for i, v in enumerate(ds["id"]) if str(v) in wanted]
        unknown = wanted - {str(ds[i]["id"]) for i in keep}
        if unknown:
            raise InputError(f"{path.name}: unknown id(s): {', '.join(sorted(unknown))}")
        ds = ds.select(keep)
    if limit is not None:
        ds = ds.select(range(min(limit, len(ds))))
    clusters = []
    for row_number, row in enumerate(ds):
        try:
            clusters.append(check_cluster(row, f"{path.name} cluster {row['id']!r}", need_references))
        except InputError:
            if ids is None:  # without --ids, row k is the k-th non-blank line: name it exactly
                line = _line_of_row(path, row_number)
                check_cluster(row, f"{path.name} line {line}", need_references)
            raise
    seen: set[str] = set()
    for c in clusters:
        if c["id"] in seen:
            raise InputError(f"{path.name}: id {c['id']!r} appears more than once")
        seen.add(c["id"])
    if not clusters:
        raise InputError(f"{path.name}: no clusters")
    return clusters


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


def _line_of_row(path: Path, row: int) -> int:
    for k, (number, _) in enumerate(iter_json_lines(path)):
        if k == row:
            return number
    return row + 1


def load_predictions(path: str | Path) -> dict[str, str]:
    """{"id": summary} from a predictions JSONL (or `mds batch` output, whose error lines read as empty
    summaries); a missing or null summary reads as ""."""
    path = Path(path)
    predictions: dict[str, str] = {}
    failed: set[str] = set()
    for number, obj in iter_json_lines(path):
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
