"""NeuS Arousal+/− per 100 summary words, each system against a baseline, from one `mds eval run` folder.

NeuS's framing-bias arousal (`summarizer/evaluation/metrics/neutrality.py`) is a sum over a summary's words,
so a longer summary scores higher with the same wording. This puts systems of different lengths side by
side: each summary's arousal per 100 of its words, averaged over the clusters, and the harness's paired
bootstrap (`summarizer.evaluation.stats.paired_bootstrap`) of the difference from the baseline.

    python eval/scripts/arousal_per_word.py runs/eval/neus-val --systems extractive fusion --baseline lead
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from summarizer.evaluation.stats import paired_bootstrap
from summarizer.evaluation.systems import safe_name

METRICS = ("arousal_pos", "arousal_neg")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("run", type=Path, help="an `mds eval run --out` folder (its scores/SYSTEM.json)")
    p.add_argument("--systems", nargs="+", default=["extractive", "fusion"])
    p.add_argument("--baseline", default="lead")
    args = p.parse_args(argv)
    scores = {s: {r["id"]: r for r in json.loads((args.run / "scores" / f"{safe_name(s)}.json").read_text())}
              for s in [*args.systems, args.baseline]}
    ids = sorted(set.intersection(*(set(v) for v in scores.values())))

    def column(system: str, key: str) -> np.ndarray:
        return np.array([scores[system][i].get(key) or 0.0 for i in ids], dtype=float)

    def per_100_words(system: str, metric: str) -> np.ndarray:
        return column(system, metric) / np.maximum(column(system, "words"), 1.0) * 100

    print(f"{len(ids)} clusters; words per summary: {args.baseline} {column(args.baseline, 'words').mean():.1f}, "
          + ", ".join(f"{s} {column(s, 'words').mean():.1f}" for s in args.systems))
    for metric in METRICS:
        base = per_100_words(args.baseline, metric)
        for system in args.systems:
            rate = per_100_words(system, metric)
            diff = paired_bootstrap(rate, base)
            print(f"{metric} per 100 words: {system} {rate.mean():.2f}, {args.baseline} {base.mean():.2f}, difference "
                  f"{diff.mean_diff:+.2f} [{diff.low:+.2f}, {diff.high:+.2f}] (per summary: "
                  f"{column(system, metric).mean():.2f} against {column(args.baseline, metric).mean():.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
