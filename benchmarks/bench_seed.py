"""End-to-end time of the extractive engine on the seed cluster (issue 3, item 10).

    python benchmarks/bench_seed.py

cold: a new process running `mds summarize ../shared/data/seeds/*.txt --format json` (imports,
model load, cleaning, embedding, selection), best and median of `--cold-runs`;
warm: `Summarizer.summarize` repeated in one process after a first call, best and median of
`--warm-runs`. Targets on the 2-core development machine: warm <= 1.5 s, cold <= 10 s.
Also prints the per-stage timings of the last warm run and the machine's load average, since
figures taken while other jobs run are not comparable.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO.parent / "shared" / "data" / "seeds").glob("*.txt"))


def mds_command() -> list[str]:
    exe = shutil.which("mds") or str(Path(sys.executable).with_name("mds"))
    return [exe] if Path(exe).exists() else [sys.executable, "-m", "summarizer.cli"]


def cold(runs: int, engine: str) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([*mds_command(), "summarize", *map(str, SEEDS), "--engine", engine,
                               "--format", "json"], capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            sys.exit(f"mds failed ({done.returncode}):\n{done.stderr}")
        json.loads(done.stdout)   # the output must be complete JSON
    return times


def warm(runs: int, engine: str) -> tuple[float, list[float], dict]:
    from summarizer import Summarizer
    from summarizer.types import Document

    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in SEEDS]
    t0 = time.perf_counter()
    summarizer = Summarizer(engine=engine)
    summarizer.summarize(docs)                     # first call: lazy imports, caches
    first = time.perf_counter() - t0
    times, summary = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        summary = summarizer.summarize(docs)
        times.append(time.perf_counter() - t0)
    return first, times, summary.timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", default="extractive")
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--warm-runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if not SEEDS:
        sys.exit("seed cluster not found beside the repo (../shared/data/seeds)")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    c = cold(args.cold_runs, args.engine)
    print(f"cold ({args.engine}, new process, `mds summarize` on {len(SEEDS)} seeds): "
          f"best {min(c):.2f} s, median {statistics.median(c):.2f} s over {len(c)} runs")
    first, w, stages = warm(args.warm_runs, args.engine)
    print(f"warm ({args.engine}, in-process): best {min(w):.2f} s, median {statistics.median(w):.2f} s "
          f"over {len(w)} runs (first call incl. model load: {first:.2f} s)")
    print("stages of the last warm run: " + ", ".join(f"{k} {v:.3f} s" for k, v in stages.items()))
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
