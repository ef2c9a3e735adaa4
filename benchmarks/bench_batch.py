"""Throughput of `mds batch` (issue 15): local runner vs Ray runner, per engine, on Multi-News val.

    python benchmarks/bench_batch.py [--clusters 200] [--engines extractive fusion]
                                     [--runs local:1 local:2 ray:2] [--max-words 230] [--batch-size 8]

Runs `summarizer.batch.summarize_file` on the first N clusters of ../shared/data/multinews/val.jsonl.gz
into a fresh output file for each engine and run (`local:W`: W processes sharing the cores; `ray:W`: a
local Ray with W actors of 1 CPU each). Reports clusters/min end to end (model loading and, for Ray,
starting Ray and its actors included) and whether each output equals the first run's (every field but
timings).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "multinews" / "val.jsonl.gz"


def first_clusters(n: int, path: Path) -> Path:
    with gzip.open(DATA, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, n))
    return path


def comparable(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [{k: v for k, v in json.loads(line).items() if k != "timings"} for line in f]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--engines", nargs="+", default=["extractive", "fusion"])
    parser.add_argument("--runs", nargs="+", default=["local:1", "local:2", "ray:2"], help="RUNNER:WORKERS")
    parser.add_argument("--max-words", type=int, default=230)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--show-differences", action="store_true", help="print the first field that differs")
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    sys.path.insert(0, str(REPO))
    from summarizer.batch import summarize_file

    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"{args.clusters} clusters, {args.max_words} words, batch {args.batch_size}")
    print("| engine | runner | clusters/min | seconds | failed | same output as the first run |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        data = first_clusters(args.clusters, Path(tmp) / "clusters.jsonl")
        for engine in args.engines:
            first = None
            for run in args.runs:
                runner, workers = run.split(":")
                out = Path(tmp) / f"{engine}-{runner}-{workers}.jsonl"
                report = summarize_file(data, out, engine=engine, max_words=args.max_words,
                                        batch_size=args.batch_size, runner=runner, workers=int(workers),
                                        progress=False)
                label = f"ray, {workers} actors x 1 CPU" if runner == "ray" else f"local, {workers} process(es)"
                output = comparable(out)
                first = first or output
                differ = [(a["id"], k) for a, b in zip(first, output) for k in a if a[k] != b.get(k)]
                print(f"| {engine} | {label} | {report.rate:.1f} | {report.seconds:.1f} | {report.failed} | "
                      f"{'yes' if not differ else f'NO: {len(differ)} fields differ, e.g. {differ[:3]}'} |",
                      flush=True)
                if differ and args.show_differences:
                    cid, key = differ[0]
                    for rows in (first, output):
                        print(json.dumps(next(r[key] for r in rows if r["id"] == cid), ensure_ascii=False)[:3000])
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
