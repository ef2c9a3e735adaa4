"""Speed of the `fusion` engine (issue 5, item 6).

    python benchmarks/bench_fusion.py [--model PATH] [--warm-runs 5] [--clusters 40] [--quantize]

- model load: building the fusion engine (weights + tokenizer + decoding blocklist), best of 3;
- seed cluster end to end, warm (`Summarizer.summarize`, 120 words), best and median;
- batch throughput: `Summarizer.summarize_many` on the first `--clusters` clusters of Multi-News
  validation at 230 words, batch 8, in clusters per minute.
Targets on the 2-core development machine: warm <= 3 s, model load <= 5 s.
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
    parser.add_argument("--warm-runs", type=int, default=5)
    parser.add_argument("--clusters", type=int, default=40)
    parser.add_argument("--quantize", action="store_true", help="int8 dynamic quantization")
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from summarizer import Summarizer
    from summarizer.engines import build_engine
    from summarizer.pipeline.embed import Embedder
    from summarizer.types import Document

    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    embedder = Embedder()
    options = {"quantize": True} if args.quantize else {}
    loads = []
    for _ in range(3):
        t0 = time.perf_counter()
        build_engine("fusion", model=args.model, embedder=embedder, **options)
        loads.append(time.perf_counter() - t0)
    print(f"model load: best {min(loads):.2f} s, median {statistics.median(loads):.2f} s")

    summarizer = Summarizer(engine="fusion", model=args.model, embedder=embedder, **options)
    seeds = sorted((DATA / "seeds").glob("*.txt"))
    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in seeds]
    summarizer.summarize(docs)
    times = []
    for _ in range(args.warm_runs):
        t0 = time.perf_counter()
        summary = summarizer.summarize(docs)
        times.append(time.perf_counter() - t0)
    print(f"seed cluster warm: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
          f"over {len(times)} runs; stages: " + ", ".join(f"{k} {v:.2f}" for k, v in summary.timings.items()))

    path = DATA / "multinews" / "val.jsonl.gz"
    if not path.exists():
        sys.exit(f"{path} not found")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        clusters = [json.loads(line)["documents"] for line in itertools.islice(f, args.clusters)]
    t0 = time.perf_counter()
    summarizer.summarize_many(clusters, batch_size=8, max_words=230)
    elapsed = time.perf_counter() - t0
    print(f"Multi-News val, first {len(clusters)} clusters at 230 words, batch 8: "
          f"{60 * len(clusters) / elapsed:.1f} clusters/min ({elapsed / len(clusters):.2f} s per cluster)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
