"""Speed of the `fusion` engine (and batch throughput of `extractive`) per backend, side by side.

    python benchmarks/bench_fusion.py [--model PATH] [--backends ct2,torch] [--warm-runs 5]
                                      [--clusters 40] [--engines fusion,extractive]

- model load: building the fusion engine (weights + tokenizer + decoding blocklist; the CTranslate2
  copy already in the cache), best of 3 per backend;
- seed cluster end to end, warm (`Summarizer.summarize`, 120 words), best and median, backends
  alternating run by run;
- batch throughput: `Summarizer.summarize_many` on the first `--clusters` clusters of Multi-News
  validation at 230 words, batch 8, in clusters per minute, per engine and backend.
Targets (issue 11, this 2-core machine): model load <= 1 s; warm fusion <= 1.5 s;
>= 60 clusters/min with fusion, >= 150 with extractive.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default=None, help="fusion checkpoint folder (default: the shipped one)")
    parser.add_argument("--backends", default="ct2,torch")
    parser.add_argument("--engines", default="fusion,extractive", help="engines for the throughput figure")
    parser.add_argument("--warm-runs", type=int, default=5)
    parser.add_argument("--clusters", type=int, default=40)
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from summarizer import Summarizer
    from summarizer.engines import build_engine
    from summarizer.pipeline.embed import Embedder
    from summarizer.types import Document

    backends = args.backends.split(",")
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    embedders = {b: Embedder(backend=b) for b in backends}
    for backend in backends:
        loads = []
        for _ in range(3):
            t0 = time.perf_counter()
            build_engine("fusion", model=args.model, embedder=embedders[backend], backend=backend)
            loads.append(time.perf_counter() - t0)
        print(f"model load {backend:5s}: best {min(loads):.2f} s, median {statistics.median(loads):.2f} s")

    summarizers = {b: Summarizer(engine="fusion", model=args.model, embedder=embedders[b], backend=b)
                   for b in backends}
    seeds = sorted((DATA / "seeds").glob("*.txt"))
    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in seeds]
    times: dict = {b: [] for b in backends}
    stages = {}
    for summarizer in summarizers.values():
        summarizer.summarize(docs)
    for _ in range(args.warm_runs):
        for backend, summarizer in summarizers.items():
            t0 = time.perf_counter()
            stages[backend] = summarizer.summarize(docs).timings
            times[backend].append(time.perf_counter() - t0)
    for backend in backends:
        print(f"seed cluster warm {backend:5s}: best {min(times[backend]):.2f} s, median "
              f"{statistics.median(times[backend]):.2f} s over {args.warm_runs} runs; stages: "
              + ", ".join(f"{k} {v:.2f}" for k, v in stages[backend].items()))

    path = DATA / "multinews" / "val.jsonl.gz"
    if not path.exists():
        sys.exit(f"{path} not found")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        clusters = [json.loads(line)["documents"] for line in itertools.islice(f, args.clusters)]
    for engine in args.engines.split(","):
        for backend in backends:
            summarizer = summarizers[backend] if engine == "fusion" else \
                Summarizer(engine=engine, embedder=embedders[backend], backend=backend)
            t0 = time.perf_counter()
            summarizer.summarize_many(clusters, batch_size=8, max_words=230)
            elapsed = time.perf_counter() - t0
            print(f"Multi-News val, first {len(clusters)} clusters at 230 words, batch 8, {engine} {backend}: "
                  f"{60 * len(clusters) / elapsed:.1f} clusters/min ({elapsed / len(clusters):.2f} s per cluster)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
