"""`mds batch`: files of clusters in, one file of summaries out; resumable; on this machine or on Ray.

    from summarizer.batch import summarize_file
    report = summarize_file(["clusters.jsonl.gz"], "summaries.jsonl", engine="extractive", max_words=230)

Input: `.jsonl`/`.jsonl.gz` files (or folders of them) of clusters `{"id", "documents", "references"?,
"focus"?}`; a "focus" (a question or topic) steers that cluster's summary. Engine options
(`options=`, `mds batch --option KEY=VALUE`) go to the engine as `Summarizer(engine, **options)`.
OUT (`.jsonl` or `.jsonl.gz`) gets one JSON object per input line, in input order: the full `Summary`
(`Summary.to_dict()`) with the cluster's "id" first (then its "focus", when it has one), or, for a
cluster that could not be summarized, a `ClusterError` record `{"id", "position", "where", "error",
"summary": null}` naming it.

Resuming: ids that already have a summary in OUT are skipped; failed clusters are tried again; a last
line cut short by a killed run is dropped. Runners: "local" (this process, or `workers` spawned
processes) and "ray" (Ray Data `map_batches` over summarizer actors, on a local Ray or a cluster).
Both run `process_group` on the same groups of clusters, so their outputs match.
"""
from __future__ import annotations

import gzip
import itertools
import json
import logging
import multiprocessing
import os
import sys
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from summarizer.argtypes import add_input_limit_args, finite, mb_to_bytes, whole
from summarizer.errors import InputError, ModelError, require_extra
from summarizer.files import (
    CLUSTER_FILE_SUFFIXES,
    MAX_FILE_BYTES,
    MAX_READ_BYTES,
    batched,
    check_cluster,
    check_regular_file,
    iter_json_lines,
    open_binary,
)
from summarizer.text import MAX_WORDS_LIMIT, printable
from summarizer.types import ClusterError, Summary

RUNNERS = ("local", "ray")
MAX_BAD_RUN = 10_000   # bad lines in a row that stop a run: no cluster file has them, a bomb of "{}" lines does

Row = tuple[str, str]  # (JSON line for OUT, "" or the failed cluster described for the report)


@dataclass
class Job:
    """One cluster to summarize: its 0-based position among the input lines and where it was read."""

    position: int
    id: str
    documents: list[str]
    where: str
    focus: str | None = None


@dataclass
class Settings:
    """What every worker needs to build its summarizer and summarize a group."""

    engine: str = "fusion"
    model: str | None = None
    device: str | None = None
    max_words: int | None = None
    batch_size: int = 8
    threads: int | None = None  # torch threads per worker (None: torch's default)
    options: dict = field(default_factory=dict)  # engine options: Summarizer(engine, **options)


@dataclass
class BatchReport:
    out: Path
    done: int = 0           # summaries written by this run
    skipped: int = 0        # ids already summarized in OUT
    failed: int = 0         # error lines written by this run
    retried: int = 0        # error lines of an earlier run dropped from OUT, to try those clusters again
    repaired: bool = False  # OUT ended in a line (or gzip member) cut short by a killed run: dropped
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)  # the failed clusters, described (first 100)
    progress: list[tuple[float, int]] = field(default_factory=list)  # (seconds, clusters written) per group

    @property
    def rate(self) -> float:
        """Clusters (summarized or failed) per minute of wall time, start-up included."""
        return 60.0 * (self.done + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"done {self.done}, skipped {self.skipped}, failed {self.failed} in {self.seconds:.1f} s "
                f"({self.rate:.1f} clusters/min) -> {self.out}")


def summarize_file(inputs: str | Path | Iterable[str | Path], out: str | Path, *, engine: str = "fusion",
                   model: str | None = None, device: str | None = None, max_words: int | None = None,
                   batch_size: int = 8, workers: int = 1, runner: str = "local", ray_address: str | None = None,
                   cpus_per_worker: float | None = None, gpus_per_worker: float = 0,
                   progress: bool = True, options: dict | None = None, max_line_bytes: int = MAX_READ_BYTES,
                   max_file_bytes: int = MAX_FILE_BYTES) -> BatchReport:
    """Summarize every cluster of `inputs` into `out`; a `BatchReport` says how it went.

    `options`: engine options (`{"strategy": "mmr"}`). `workers`: processes (local runner) or summarizer
    actors (ray). `cpus_per_worker`/`gpus_per_worker`: Ray resources per actor (default 1 CPU, no GPU);
    the local runner divides the cores among its workers. Inputs are read as a stream (`max_line_bytes` per
    cluster line, `max_file_bytes` per file once decompressed), so memory does not grow with their size."""
    from summarizer.api import checked_max_words
    from summarizer.engines import check_engine_options

    options = dict(options or {})
    check_engine_options(engine, model, options)  # before any file is read or worker started
    if runner not in RUNNERS:
        raise InputError(f"unknown runner {runner!r}; choose one of: {', '.join(RUNNERS)}")
    for name, value in (("batch size", batch_size), ("workers", workers)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"{name} must be a positive whole number, got {value!r}")
    settings = Settings(engine, model, device, checked_max_words(max_words), batch_size, options=options)
    if runner == "ray":
        import_ray()  # say it is missing before any work is done
    files = cluster_files(inputs)
    out = Path(out)
    if not out.name.endswith(CLUSTER_FILE_SUFFIXES):
        raise InputError(f"{out}: the output must be a .jsonl or .jsonl.gz file")

    report = BatchReport(out=out)
    t_start = time.perf_counter()
    items = read_items(files, prepare_out(out, report), report, max_line_bytes, max_file_bytes)
    groups = batched(items, batch_size)
    first = list(itertools.islice(groups, workers))   # enough to know whether there is work, and for how many
    groups = itertools.chain(first, groups)
    with OutWriter(out) as writer, _progress_bar(None, progress) as bar:
        def write(rows: list[Row]) -> None:
            writer.write([line for line, _ in rows])
            for _, error in rows:
                report.failed += bool(error)
                report.done += not error
                if error and len(report.errors) < 100:
                    report.errors.append(error)
            elapsed = time.perf_counter() - t_start
            report.progress.append((elapsed, report.done + report.failed))
            bar.update(len(rows))
            bar.set_postfix_str(f"{60 * (report.done + report.failed) / elapsed:.1f} clusters/min", refresh=False)

        if first and runner == "ray":
            run_ray(list(groups), settings, write, workers, ray_address, cpus_per_worker, gpus_per_worker)
        elif first:
            run_local(groups, settings, write, min(workers, len(first)))
    report.seconds = time.perf_counter() - t_start
    return report


# ---- input ---------------------------------------------------------------------------------------------
def cluster_files(inputs: str | Path | Iterable[str | Path]) -> list[Path]:
    """The cluster files named, folders expanded to their .jsonl/.jsonl.gz files (sorted)."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files: list[Path] = []
    for p in map(Path, inputs):
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.name.endswith(CLUSTER_FILE_SUFFIXES))
            if not found:
                raise InputError(f"{p}: no .jsonl or .jsonl.gz cluster files in this folder")
            files.extend(found)
        elif not p.exists():
            raise InputError(f"{p}: no such file")
        elif not p.name.endswith(CLUSTER_FILE_SUFFIXES):
            raise InputError(f"{p}: expected a .jsonl or .jsonl.gz file of clusters (or a folder of them)")
        else:
            files.append(p)
    if not files:
        raise InputError("no input files given")
    return files


def read_items(files: list[Path], done_ids: set[str], report: BatchReport, max_line_bytes: int = MAX_READ_BYTES,
               max_file_bytes: int = MAX_FILE_BYTES) -> Iterator[Job | ClusterError]:
    """Each input line as a Job, or as a ClusterError when it cannot be one (bad JSON, nested too deep,
    longer than `max_line_bytes`, no id, no documents, an id seen before), read as the run goes. Ids in
    `done_ids` are skipped and counted. A file past `max_file_bytes`, or `MAX_BAD_RUN` bad lines in a row
    (not a cluster file, or a bomb of tiny lines), stops the run with an InputError."""
    seen: set[str] = set()
    position = -1
    for path in files:
        bad_run = 0
        for number, obj in iter_json_lines(path, keep_going=True, max_bytes=max_line_bytes,
                                           max_file_bytes=max_file_bytes):
            position += 1
            where = f"{path.name} line {number}"
            cid = None if not isinstance(obj, dict) or obj.get("id") is None else str(obj["id"])
            try:
                if isinstance(obj, InputError):
                    raise obj
                if cid in done_ids and cid not in seen:
                    seen.add(cid)
                    report.skipped += 1
                    continue
                cluster = check_cluster(obj, where, need_references=False)
                if cid in seen:
                    raise InputError(f"{where}: id {cid!r} appears more than once")
                seen.add(cid)
                bad_run = 0
                yield Job(position, cluster["id"], cluster["documents"], where, cluster.get("focus"))
            except InputError as e:
                bad_run += 1
                if bad_run > MAX_BAD_RUN:
                    raise InputError(f"{path.name}: {bad_run:,} bad lines in a row up to line {number} (the last: "
                                     f"{str(e).removeprefix(f'{where}: ')}); is it a file of clusters?") from None
                yield ClusterError(position, cid, str(e).removeprefix(f"{where}: "), where)


# ---- output --------------------------------------------------------------------------------------------
def prepare_out(out: Path, report: BatchReport) -> set[str]:
    """Ids already summarized in OUT. Drops what a rerun must redo (a line or gzip member cut short by a
    killed run, error lines), rewriting OUT as a valid file when it does; refuses a file that is not a
    batch output. OUT is read as a stream, twice at most: memory holds its ids, not its summaries."""
    if not out.exists():
        return set()
    check_regular_file(out)
    done: set[str] = set()
    for number, raw in _complete_lines(out, report):
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError):
            obj = None
        if not isinstance(obj, dict) or "id" not in obj or "summary" not in obj:
            raise InputError(f"{out} line {number}: not a line of `mds batch` output; refusing to write to this file")
        if obj.get("error") is not None or obj["summary"] is None:
            report.retried += 1
            continue
        done.add(str(obj["id"]))
    if report.repaired or report.retried:
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")  # atomic: a kill now leaves OUT as it was
        with _open_out(tmp, out, "wb") as f:
            for _, raw in _complete_lines(out, BatchReport(out)):
                obj = json.loads(raw)
                if obj.get("error") is None and obj["summary"] is not None:
                    f.write(raw + b"\n")
        tmp.replace(out)
    return done


def _open_out(path: Path, like: Path, mode: str):
    """`path` opened as OUT's kind (gzip for a .gz OUT, whatever `path` is called)."""
    return gzip.open(path, mode) if like.name.endswith(".gz") else open(path, mode)


def _complete_lines(out: Path, report: BatchReport) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each complete, non-blank line of OUT. What a killed run left unfinished
    (a last line without its newline, a gzip member without its end) is not yielded: `report.repaired`
    says it was there. Every complete line before the cut of a .gz is recovered."""
    tail = b""
    number = 0
    try:
        with _open_out(out, out, "rb") as f:
            # read1: one decompression step at a time, so a cut stream loses nothing decoded before the cut
            while chunk := (f.read1(1 << 16) if isinstance(f, gzip.GzipFile) else f.read(1 << 20)):
                lines = (tail + chunk).split(b"\n")
                tail = lines.pop()
                for raw in lines:
                    number += 1
                    if raw.strip():
                        yield number, raw
    except (EOFError, gzip.BadGzipFile, zlib.error):
        report.repaired = True   # the gzip stream ends early: what decoded before the cut is kept
    if tail.strip():
        report.repaired = True


class OutWriter:
    """Appends lines to OUT (a new gzip member for .gz), flushed after every group so a killed run
    loses at most the group in flight."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> OutWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.file = open_binary(self.path, "ab")
        return self

    def write(self, lines: list[str]) -> None:
        self.file.write(b"".join(line.encode("utf-8") + b"\n" for line in lines))
        self.file.flush()

    def __exit__(self, *exc) -> None:
        self.file.close()


def _progress_bar(total: int | None, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="cluster", desc="mds batch", file=sys.stderr, disable=not enabled,
                dynamic_ncols=True)


# ---- the work, the same under every runner ----------------------------------------------------------------
def build_summarizer(settings: Settings):
    if settings.threads:   # workers share the cores instead of oversubscribing them
        from summarizer.runtime import requested_backend, set_threads

        set_threads(settings.threads)
        if requested_backend() == "torch" or "torch" in sys.modules:   # no torch import for CTranslate2
            import torch

            torch.set_num_threads(settings.threads)
    from summarizer.api import Summarizer

    return Summarizer(engine=settings.engine, model=settings.model, device=settings.device, **settings.options)


def process_group(summarizer, group: list[Job | ClusterError], settings: Settings) -> list[Row]:
    """OUT lines for one group, in order: its jobs summarized together, its read errors passed through."""
    jobs = [item for item in group if isinstance(item, Job)]
    clusters = [{"id": j.id, "documents": j.documents, "focus": j.focus} for j in jobs]
    results = iter(summarizer.summarize_many(clusters, batch_size=settings.batch_size,
                                             max_words=settings.max_words) if jobs else [])
    rows = []
    for item in group:
        result = next(results) if isinstance(item, Job) else item
        if isinstance(result, Summary):
            focus = {"focus": item.focus} if item.focus else {}
            rows.append((json.dumps({"id": item.id, **focus, **result.to_dict()}, ensure_ascii=False), ""))
        else:  # a summarize_many error names the cluster by its place in the group: use the input's
            error = item if result is item else ClusterError(item.position, item.id, result.error, item.where)
            rows.append((error.to_json(), error.describe()))
    return rows


# ---- local runner -------------------------------------------------------------------------------------
_WORKER: tuple | Exception | None = None  # (summarizer, settings) in a worker process, or why it has none


def _init_worker(settings: Settings) -> None:
    global _WORKER
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        _WORKER = (build_summarizer(settings), settings)
    except Exception as e:  # noqa: BLE001 - raised from _work instead: a failing initializer makes Pool respawn forever
        _WORKER = e


def _work(group: list[Job | ClusterError]) -> list[Row]:
    if isinstance(_WORKER, Exception):
        raise _WORKER  # e.g. a model that cannot be loaded: the parent re-raises it and the run stops
    return process_group(_WORKER[0], group, _WORKER[1])


def run_local(groups: Iterable[list], settings: Settings, write: Callable[[list[Row]], None], workers: int) -> None:
    """In this process, or in `workers` spawned processes (each loads the model once); output in order.
    At most two groups per worker are read ahead (Pool.imap would read the whole input at once)."""
    if workers <= 1:
        summarizer = build_summarizer(settings)
        for group in groups:
            write(process_group(summarizer, group, settings))
        return
    settings = Settings(**{**asdict(settings), "threads": max(1, (os.cpu_count() or 1) // workers)})
    ctx = multiprocessing.get_context("spawn")  # fork + torch threads deadlocks
    with ctx.Pool(workers, initializer=_init_worker, initargs=(settings,)) as pool:
        pending: deque = deque()
        for group in groups:
            pending.append(pool.apply_async(_work, (group,)))
            if len(pending) >= 2 * workers:
                write(pending.popleft().get())
        while pending:
            write(pending.popleft().get())


# ---- Ray runner ---------------------------------------------------------------------------------------
class SummarizerActor:
    """A Ray Data `map_batches` worker: loads the summarizer once, then summarizes group after group."""

    def __init__(self, settings: dict):
        self.settings = Settings(**settings)
        try:
            self.summarizer, self.failure = build_summarizer(self.settings), None
        except Exception as e:  # noqa: BLE001 - an actor dying in __init__ would be restarted again and again,
            # and its error would reach the driver buried in Ray's; hand it over as a row with no line instead
            self.summarizer, self.failure = None, str(e) if isinstance(e, (InputError, ModelError)) else repr(e)

    def __call__(self, batch: dict) -> dict:
        if self.failure:
            return {"line": [""], "error": [f"a Ray worker could not start: {self.failure}"]}
        rows = [row for group in batch["group"]
                for row in process_group(self.summarizer, _decode(group), self.settings)]
        return {"line": [line for line, _ in rows], "error": [error for _, error in rows]}


def _encode(group: list[Job | ClusterError]) -> str:
    # a group is one row, a JSON string: Ray keeps the local runner's groups, and Arrow never has to
    # infer a schema from documents or odd ids
    return json.dumps([{"kind": type(item).__name__, **asdict(item)} for item in group], ensure_ascii=False)


def _decode(text: str) -> list[Job | ClusterError]:
    items = json.loads(text)
    return [Job(**fields) if fields.pop("kind") == "Job" else ClusterError(**fields) for fields in items]


def import_ray():
    require_extra("scale", "--runner ray", "ray")
    try:
        import ray
        import ray.data
    except ImportError as e:   # ray without its data part
        raise InputError(f"--runner ray needs Ray Data ({e}): pip install 'mds-summarizer[scale]'") from None
    return ray


def run_ray(groups: list[list], settings: Settings, write: Callable[[list[Row]], None], workers: int,
            address: str | None, cpus_per_worker: float | None, gpus_per_worker: float) -> None:
    """read -> map_batches(SummarizerActor, one group per call) -> write, in input order."""
    ray = import_ray()
    started = not ray.is_initialized()
    if started:  # a local Ray for this run, or a connection to an existing cluster (address)
        ray.init(address=address, log_to_driver=False, include_dashboard=False, configure_logging=False)
    for name in ("ray", "ray.data"):  # Ray Data's INFO lines would break up the progress bar
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False  # our own bar counts clusters
        device = settings.device or ("cuda" if gpus_per_worker else None)
        settings = Settings(**{**asdict(settings), "device": device, "threads": max(1, int(cpus_per_worker or 1))})
        resources = {"num_cpus": cpus_per_worker or 1, **({"num_gpus": gpus_per_worker} if gpus_per_worker else {})}
        dataset = ray.data.from_items([{"group": _encode(g)} for g in groups], override_num_blocks=len(groups))
        summaries = dataset.map_batches(SummarizerActor, fn_constructor_kwargs={"settings": asdict(settings)},
                                        batch_size=1, concurrency=workers, batch_format="numpy", **resources)
        for batch in summaries.iter_batches(batch_size=None, batch_format="numpy"):
            rows = [(str(line), str(error)) for line, error in zip(batch["line"], batch["error"])]
            if rows and not rows[0][0]:  # an actor that could not start (see SummarizerActor)
                raise ModelError(rows[0][1])
            write(rows)
    finally:
        if started:
            ray.shutdown()



# ---- `mds batch` ----------------------------------------------------------------------------------------
def add_batch_parser(sub) -> None:
    p = sub.add_parser("batch", help="summarize every cluster of .jsonl(.gz) files into one .jsonl(.gz) file",
                       description="One Summary JSON per input line (or an error line naming a bad cluster). "
                                   "Rerunning resumes: ids already summarized in OUT are skipped. Exit status 1 "
                                   "when a cluster failed.")
    p.add_argument("inputs", nargs="+", help=".jsonl / .jsonl.gz cluster files ({id, documents, focus?}) or folders")
    p.add_argument("--out", required=True, help="output file, .jsonl or .jsonl.gz (appended to when it exists)")
    p.add_argument("--engine", default="fusion", help="fusion (default), extractive, lead, lead-rr, hf")
    p.add_argument("--model", default=None, help="checkpoint for the engine (fusion folder, hf Hub id or path)")
    p.add_argument("--device", default=None, help="cpu, cuda ... (default cpu; cuda under Ray with --gpus-per-worker)")
    p.add_argument("--max-words", type=whole(1, MAX_WORDS_LIMIT), default=None, metavar="N",
                   help=f"length budget in words, 1 to {MAX_WORDS_LIMIT:,} (default 120)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="engine option, e.g. strategy=mmr, budget_stretch=2.0, overflow=true (repeat for several)")
    p.add_argument("--batch-size", type=whole(1, 4096), default=8, metavar="N",
                   help="clusters generated together, 1 to 4096 (default 8)")
    p.add_argument("--workers", type=whole(1, 1024), default=1, metavar="N",
                   help="processes (local) or summarizer actors (ray), 1 to 1024; default 1")
    p.add_argument("--runner", choices=RUNNERS, default="local", help="local (default) or ray ([scale] extra)")
    p.add_argument("--ray-address", default=None, help="an existing Ray cluster (e.g. auto, ray://head:10001); "
                                                       "default: start a local Ray for the run")
    p.add_argument("--cpus-per-worker", type=finite(0, 1024, low_open=True), default=None,
                   help="Ray: CPUs per actor, > 0 (default 1)")
    p.add_argument("--gpus-per-worker", type=finite(0, 64), default=0, help="Ray: GPUs per actor, 0 to 64 (default 0)")
    add_input_limit_args(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run_batch)


def run_batch(args) -> int:
    from summarizer.engines import parse_engine_options

    report = summarize_file(args.inputs, args.out, engine=args.engine, model=args.model, device=args.device,
                            max_words=args.max_words, batch_size=args.batch_size, workers=args.workers,
                            runner=args.runner, ray_address=args.ray_address, cpus_per_worker=args.cpus_per_worker,
                            gpus_per_worker=args.gpus_per_worker, progress=not args.no_progress,
                            options=parse_engine_options(args.option),
                            max_line_bytes=mb_to_bytes(args.max_input_mb, MAX_READ_BYTES),
                            max_file_bytes=mb_to_bytes(args.max_file_mb, MAX_FILE_BYTES))
    if report.repaired:
        print(f"mds batch: {printable(args.out)}: dropped a last line cut short by an interrupted run", file=sys.stderr)
    if report.retried:
        print(f"mds batch: {args.out}: trying {report.retried} failed cluster(s) again", file=sys.stderr)
    for error in report.errors:
        print(f"mds batch: failed: {printable(error)}", file=sys.stderr)
    if report.failed > len(report.errors):
        print(f"mds batch: ... and {report.failed - len(report.errors)} more failed (error lines in OUT)",
              file=sys.stderr)
    print(f"mds batch: {printable(report.line())}", file=sys.stderr)
    return 1 if report.failed else 0
