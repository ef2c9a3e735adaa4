"""Run systems over clusters: per-cluster cache (a rerun resumes), worker processes, `accelerate launch`.

Cache: OUT/cache/<system>/<id>.json holds {"id", "system", "max_words", "focus", "options", "summary",
"warnings", "seconds"} (and "error" when the cluster failed); a record made with another word budget,
focus or engine options (the last two: summarizer engines only, baselines use neither), or one that
failed, is recomputed. Parallelism, by how `mds` starts:
- `--workers N`: N spawned processes on this machine, each building its system once;
- `accelerate launch -m summarizer.cli eval run ...`: every launched process takes its shard of the
  clusters (`PartialState.split_between_processes`) on its own device and writes its cache; the main
  process then merges the caches and scores.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tqdm.auto import tqdm

from summarizer.evaluation.systems import BASELINE_NAMES, build_system, safe_name

BATCH_SIZE = 4   # clusters generated together (the engines' batch path); small, so the progress bar moves


@dataclass
class Distributed:
    """Where this process sits in an `accelerate launch` (one process without it)."""
    num_processes: int = 1
    index: int = 0
    device: str | None = None
    state: object | None = None

    @property
    def is_main(self) -> bool:
        return self.index == 0

    def wait(self) -> None:
        if self.state is not None:
            self.state.wait_for_everyone()


def distributed() -> Distributed:
    # only touch accelerate (and so torch.distributed) when a launcher started several processes:
    # torchrun / `accelerate launch --multi_gpu` set WORLD_SIZE, MPI launchers their own variable
    sizes = [os.environ.get(k, "1") for k in ("WORLD_SIZE", "PMI_SIZE", "OMPI_COMM_WORLD_SIZE", "MV2_COMM_WORLD_SIZE")]
    if max(int(v) if v.isdigit() else 1 for v in sizes) <= 1:
        return Distributed()
    import torch
    from accelerate import PartialState

    state = PartialState(cpu=not torch.cuda.is_available())  # without cpu=True a CPU box stays 1 process
    if state.num_processes <= 1:
        return Distributed()
    return Distributed(state.num_processes, state.process_index, str(state.device), state)


def cache_path(out_dir: Path, system: str, cluster_id: str) -> Path:
    return out_dir / "cache" / safe_name(system) / f"{safe_name(cluster_id)}.json"


def made_with(system: str, cluster: dict, max_words: int, options: dict | None = None) -> dict:
    """What a cluster's summary depends on besides its documents, kept in its cache record: the budget,
    and for the summarizer's engines the cluster's focus and the engine options (baselines use neither)."""
    engine = system not in BASELINE_NAMES
    return {"max_words": max_words, "focus": cluster.get("focus") if engine else None,
            "options": dict(options or {}) if engine else {}}


def read_cache(out_dir: Path, system: str, cluster: dict, max_words: int, retry_errors: bool = False,
               options: dict | None = None) -> dict | None:
    """The cached record of `cluster`, or None when there is none or it was made otherwise (`made_with`)."""
    cluster_id = cluster["id"]
    path = cache_path(out_dir, system, cluster_id)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # absent, or cut short by an interrupted run: recompute
    if record.get("id") != cluster_id or record.get("system") != system:
        return None
    wanted = made_with(system, cluster, max_words, options)
    made = {k: record.get(k) for k in wanted}
    made["options"] = made["options"] or {}   # records from before options were kept were made without
    if made != wanted:
        return None
    if retry_errors and record.get("error"):
        return None  # a cluster that failed is tried again by the next run
    return record


def write_cache(out_dir: Path, record: dict) -> None:
    path = cache_path(out_dir, record["system"], record["id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # atomic: a killed run leaves no half file
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def summarize_one(system, cluster: dict, max_words: int) -> dict:
    """The cache record of one cluster. A cluster that fails gets an empty summary and an "error"
    (reported, scored as empty, retried by the next run) instead of ending the run."""
    t0 = time.perf_counter()
    try:
        out = system.summarize(cluster, max_words)
    except Exception as e:  # noqa: BLE001 - one cluster's failure must not cost the others their work
        out = {"summary": "", "error": f"{type(e).__name__}: {e}"}
    return _record(system, cluster, max_words, out, time.perf_counter() - t0)


def summarize_group(system, clusters: list[dict], max_words: int) -> list[dict]:
    """Cache records of several clusters, generated together when the system can batch (the
    engines' batch path); time is shared equally. A batch that breaks is redone one by one."""
    if len(clusters) == 1 or not hasattr(system, "summarize_many"):
        return [summarize_one(system, c, max_words) for c in clusters]
    t0 = time.perf_counter()
    try:
        outs = system.summarize_many(clusters, max_words)
    except Exception:  # noqa: BLE001 - find the cluster that broke it, keep the others' work
        return [summarize_one(system, c, max_words) for c in clusters]
    share = (time.perf_counter() - t0) / len(clusters)
    return [_record(system, c, max_words, out, share) for c, out in zip(clusters, outs)]


def _record(system, cluster: dict, max_words: int, out: dict, seconds: float) -> dict:
    # the options the system was built with are part of what made the record
    made = made_with(system.name, cluster, max_words, getattr(system, "options", None))
    record = {"id": cluster["id"], "system": system.name, **made,
              "summary": out["summary"], "warnings": out.get("warnings", []),
              "seconds": round(seconds, 4)}
    if out.get("sentences"):
        record["sentences"] = out["sentences"]     # how each sentence was made (summarizer/evaluation/generation.py)
    if out.get("error"):
        record["error"] = out["error"]
    return record


# --- worker processes (spawn: each builds its own system once) -----------------------------------
_WORKER_SYSTEM = None


def _init_worker(name: str, device: str | None, threads: int, options: dict | None = None) -> None:
    global _WORKER_SYSTEM
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import torch

        torch.set_num_threads(threads)  # N workers share the cores instead of oversubscribing them
    except ImportError:  # pragma: no cover
        pass
    _WORKER_SYSTEM = build_system(name, device=device, options=options)


def _work(job: tuple[list[dict], int]) -> list[dict]:
    clusters, max_words = job
    return summarize_group(_WORKER_SYSTEM, clusters, max_words)


def run_system(name: str, clusters: list[dict], out_dir: str | Path, max_words: int, workers: int = 1,
               device: str | None = None, dist: Distributed | None = None, progress: bool = True,
               batch_size: int = BATCH_SIZE, options: dict | None = None) -> list[dict] | None:
    """Summaries of every cluster (cluster order), computing only those missing from the cache.
    `options`: engine options for a summarizer system (baselines ignore them). Under `accelerate
    launch` only the main process gets the records back; the others get None."""
    out_dir = Path(out_dir)
    dist = dist or Distributed()
    options = dict(options or {}) if name not in BASELINE_NAMES else {}
    dist.wait()  # every process must see the same cache before splitting the work
    todo = [c for c in clusters if read_cache(out_dir, name, c, max_words, retry_errors=True, options=options) is None]
    # and every process must have listed what is missing before any writes: a fast process's records
    # would shorten a slow one's list, which then splits differently and a cluster is never summarized
    dist.wait()
    if dist.num_processes > 1:
        with dist.state.split_between_processes(todo) as shard:
            todo = list(shard)
        device = device or dist.device
    bar = tqdm(total=len(todo), desc=f"{name}" + (f" [{dist.index}]" if dist.num_processes > 1 else ""),
               unit="cluster", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    groups = [todo[k:k + max(1, batch_size)] for k in range(0, len(todo), max(1, batch_size))]
    if todo:
        if workers <= 1 or len(todo) == 1:
            system = build_system(name, device=device, options=options)
            for group in groups:
                for record in summarize_group(system, group, max_words):
                    write_cache(out_dir, record)
                bar.update(len(group))
        else:
            workers = min(workers, len(groups))
            threads = max(1, (os.cpu_count() or 1) // workers)
            ctx = multiprocessing.get_context("spawn")  # fork + torch threads deadlocks
            with ctx.Pool(workers, initializer=_init_worker, initargs=(name, device, threads, options)) as pool:
                for records in pool.imap_unordered(_work, [(g, max_words) for g in groups]):
                    for record in records:
                        write_cache(out_dir, record)
                    bar.update(len(records))
    bar.close()
    dist.wait()
    if not dist.is_main:
        return None
    records = []
    for c in clusters:
        record = read_cache(out_dir, name, c, max_words, options=options)
        if record is None:  # pragma: no cover - a process died without raising
            raise RuntimeError(f"{name}: no summary for cluster {c['id']!r} after the run")
        records.append(record)
    failed = [r for r in records if r.get("error")]
    for r in failed[:20]:
        print(f"{name}: cluster {r['id']!r} failed: {r['error']}", file=sys.stderr)
    if len(failed) > 20:
        print(f"{name}: ... {len(failed) - 20} more failed clusters (see results.json)", file=sys.stderr)
    return records
