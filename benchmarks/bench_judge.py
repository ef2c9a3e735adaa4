"""Cost of the learned fusion judge, side by side with the rules alone, warm.

    python benchmarks/bench_judge.py [--clusters 10] [--runs 3]

For the seed cluster (120 words) and Multi-News validation clusters 1001+ (230 words): seconds per
cluster of the fusion engine with the judge and without it (runs alternate, best of `--runs`), the
judge's own time per cluster (its `scores` calls, the fusion model's log-probabilities of the candidates
included) and how many candidates it was asked about.
Targets (issue 24): judge <= 0.15 s per cluster warm; seed cluster warm fusion <= 1.5 s.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clusters", type=int, default=10)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    from summarizer import Summarizer
    from summarizer.types import Document

    seeds = [Document(f.read_text(encoding="utf-8"), f.name) for f in sorted((REPO.parent / "shared/data/seeds").glob("*"))
             if f.is_file() and f.suffix in (".txt", ".html", ".md", "")]
    with gzip.open(REPO.parent / "shared/data/multinews/val.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in itertools.islice(f, 1000, 1000 + args.clusters)]
    with_judge = Summarizer(engine="fusion")
    without = Summarizer(engine="fusion", judge=False, embedder=with_judge.embedder)
    judge = with_judge.engine.judge
    spent = {"seconds": 0.0, "pairs": 0}
    scores = judge.scores

    def timed(pairs, flags=None, scorer=None):    # its time includes the fusion model's scoring of the pairs
        t = time.perf_counter()
        out = scores(pairs, flags, scorer)
        spent["seconds"] += time.perf_counter() - t
        spent["pairs"] += len(pairs)
        return out

    judge.scores = timed
    sets = [("seed cluster", [seeds], 120), (f"Multi-News val 1001-{1000 + args.clusters}",
                                              [r["documents"] for r in rows], 230)]
    for name, clusters, words in sets:
        for s in (with_judge, without):           # warm-up
            s.summarize(clusters[0], max_words=words)
        best = {"judge": float("inf"), "rules": float("inf")}
        for _ in range(args.runs):
            for label, s in (("judge", with_judge), ("rules", without)):
                spent.update(seconds=0.0, pairs=0)
                t = time.perf_counter()
                for docs in clusters:
                    s.summarize(docs, max_words=words)
                best[label] = min(best[label], (time.perf_counter() - t) / len(clusters))
                if label == "judge":
                    judge_s, judge_pairs = spent["seconds"] / len(clusters), spent["pairs"] / len(clusters)
        print(f"{name}: fusion {best['judge']:.2f} s/cluster with the judge, {best['rules']:.2f} without; "
              f"judge {judge_s:.3f} s/cluster for {judge_pairs:.1f} candidates")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
