"""End-to-end time of `mds summarize` on the seed cluster, per engine and backend, side by side.

    python benchmarks/bench_seed.py [--engines extractive,fusion] [--backends ct2,torch]
                                    [--cold-runs 3] [--warm-runs 5]

cold: a new process running `mds summarize ../shared/data/seeds/*.txt --format json` (imports,
model load, cleaning, embedding, selection, generation) until the summary is printed; best and
median of `--cold-runs`, with the process's peak memory (max RSS) and whether it imported torch.
The runs alternate between backends, so both see the same machine load.
warm: `Summarizer.summarize` repeated in one process after a first call (model load reported
separately), best and median of `--warm-runs`, backends alternating.
Targets (issue 11, this 2-core machine): cold <= 3 s extractive, <= 4 s fusion; warm <= 0.7 s
extractive, <= 1.5 s fusion; model load <= 1 s; peak memory <= 600 MB.
The load average is printed before and after: figures taken while other jobs run are not comparable.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO.parent / "shared" / "data" / "seeds").glob("*.txt"))

# `mds summarize`, plus its peak memory and whether torch was imported, on stderr's last line
CHILD = ("import resource, sys\nfrom summarizer.cli import main\nrc = main(sys.argv[1:])\n"
         "print('BENCH', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'torch' in sys.modules, file=sys.stderr)\n"
         "sys.exit(rc)")


def cold_once(engine: str, backend: str) -> tuple[float, float, bool]:
    """(seconds, peak MB, torch imported) for one new `mds summarize` process."""
    env = {**os.environ, "MDS_BACKEND": backend}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, "summarize", *map(str, SEEDS), "--engine", engine,
                           "--format", "json"], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"mds failed ({done.returncode}):\n{done.stderr}")
    json.loads(done.stdout)   # the output must be complete JSON
    _, rss_kb, torch = done.stderr.strip().splitlines()[-1].split()
    return seconds, int(rss_kb) / 1024, torch == "True"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="extractive,fusion")
    parser.add_argument("--backends", default="ct2,torch")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if not SEEDS:
        sys.exit("seed cluster not found beside the repo (../shared/data/seeds)")
    engines, backends = args.engines.split(","), args.backends.split(",")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for engine in engines:           # a first, uncounted run converts models into the cache if needed
        for backend in backends:
            cold_once(engine, backend)
    cold: dict = {(e, b): [] for e in engines for b in backends}
    for _ in range(args.cold_runs):
        for engine in engines:
            for backend in backends:
                cold[engine, backend].append(cold_once(engine, backend))
    for (engine, backend), runs in cold.items():
        seconds = [r[0] for r in runs]
        print(f"cold {engine:10s} {backend:5s}: best {min(seconds):.2f} s, median {statistics.median(seconds):.2f} s "
              f"over {len(runs)} runs; peak memory {max(r[1] for r in runs):.0f} MB; "
              f"torch imported: {any(r[2] for r in runs)}")

    from summarizer import Summarizer
    from summarizer.types import Document

    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in SEEDS]
    loaded = {}
    for engine in engines:
        for backend in backends:
            t0 = time.perf_counter()
            summarizer = Summarizer(engine=engine, backend=backend)
            load = time.perf_counter() - t0
            summarizer.summarize(docs)               # first call: lazy imports (spaCy), caches
            loaded[engine, backend] = {"summarizer": summarizer, "load": load, "times": []}
    for _ in range(args.warm_runs):
        for run in loaded.values():
            t0 = time.perf_counter()
            run["stages"] = run["summarizer"].summarize(docs).timings
            run["times"].append(time.perf_counter() - t0)
    for (engine, backend), run in loaded.items():
        times = run["times"]
        print(f"warm {engine:10s} {backend:5s}: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
              f"over {len(times)} runs; model load (encoder + engine) {run['load']:.2f} s; stages: "
              + ", ".join(f"{k} {v:.2f}" for k, v in run["stages"].items()))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
