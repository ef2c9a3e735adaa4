"""Would the judge do better with more hand-read verdicts? Refit it with the shipped recipe on every read
older than `--test-read`, then compare it with the shipped judge on that read (never trained on by either).

    python -m summarizer.training.judge features --out runs/judge          # the pairs' features, once
    python eval/scripts/judge_refit.py --test-read 1751-1780 --features runs/judge --out runs/judge/refit

Prints, for each judge on the test read: AUC, what it keeps at its own threshold (and its precision and
recall), and the precision when keeping 50-80% of the true rewrites. The refit model is written to
`--out`; the shipped one is not touched.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

import summarizer.training.verdicts as verdicts


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--test-read", required=True, help="cluster range of a read in eval/data/fusion_verdicts.jsonl")
    p.add_argument("--features", type=Path, default=Path("runs/judge"))
    p.add_argument("--out", type=Path, default=Path("runs/judge/refit"))
    args = p.parse_args()
    from sklearn.metrics import roc_auc_score

    import summarizer.training.judge as training
    from summarizer.fusion.judge import Judge

    verdicts.JUDGE_TEST_READ = args.test_read      # fit = every older read, test = this one
    training.fit(argparse.Namespace(features=args.features, out=args.out))
    rows = verdicts.load("test")
    labels = np.array([r["label"] for r in rows])
    print(f"test read {args.test_read}: {len(rows)} rewrites, {labels.mean():.2f} true")
    for name, path in (("shipped judge", None), ("refit judge", args.out)):
        judge = Judge(path)
        scores = judge.scores([(r["candidate"], r["sources"]) for r in rows])
        kept = scores >= judge.threshold
        print(f"{name}: AUC {roc_auc_score(labels, scores):.3f}; at its threshold keeps {int(kept.sum())}, "
              f"precision {labels[kept].mean():.3f}, recall {kept[labels == 1].mean():.3f}")
        for share in (0.5, 0.6, 0.7, 0.8):
            cut = np.sort(scores[labels == 1])[int((1 - share) * (labels == 1).sum())]
            print(f"   keeping {share:.0%} of the true ones: precision {labels[scores >= cut].mean():.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
