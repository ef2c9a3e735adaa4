"""NeuS Arousal+/− per 100 summary words, each system against a baseline, from one `mds eval run` folder.

NeuS's framing-bias arousal (`summarizer/evaluation/metrics/neutrality.py`) is a sum over a summary's words,
so a longer summary scores higher with the same wording. This puts systems of different lengths side by
side: total arousal over total words across the clusters, and a paired bootstrap (over clusters) of the
difference from the baseline.

    python eval/scripts/arousal_per_word.py runs/eval/neus-val --systems extractive fusion --baseline lead
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

METRICS = ("arousal_pos", "arousal_neg")


def per_100_words(arousal: np.ndarray, words: np.ndarray) -> float:
    return float(arousal.sum() / max(words.sum(), 1.0) * 100)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("run", type=Path, help="an `mds eval run --out` folder (its scores/SYSTEM.json)")
    p.add_argument("--systems", nargs="+", default=["extractive", "fusion"])
    p.add_argument("--baseline", default="lead")
    p.add_argument("--resamples", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    scores = {s: {r["id"]: r for r in json.loads((args.run / "scores" / f"{s}.json").read_text())}
              for s in [*args.systems, args.baseline]}
    ids = sorted(set.intersection(*(set(v) for v in scores.values())))

    def column(system: str, key: str) -> np.ndarray:
        return np.array([scores[system][i].get(key) or 0.0 for i in ids], dtype=float)

    rng = np.random.default_rng(args.seed)
    draws = [rng.integers(0, len(ids), len(ids)) for _ in range(args.resamples)]
    base_words = column(args.baseline, "words")
    print(f"{len(ids)} clusters; words per summary: {args.baseline} {base_words.mean():.1f}, "
          + ", ".join(f"{s} {column(s, 'words').mean():.1f}" for s in args.systems))
    for metric in METRICS:
        base = column(args.baseline, metric)
        for system in args.systems:
            values, words = column(system, metric), column(system, "words")
            diff = per_100_words(values, words) - per_100_words(base, base_words)
            boot = [per_100_words(values[b], words[b]) - per_100_words(base[b], base_words[b]) for b in draws]
            low, high = np.percentile(boot, [2.5, 97.5])
            print(f"{metric} per 100 words: {system} {per_100_words(values, words):.2f}, {args.baseline} "
                  f"{per_100_words(base, base_words):.2f}, difference {diff:+.2f} [{low:+.2f}, {high:+.2f}] "
                  f"(per summary: {values.mean():.2f} against {base.mean():.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
