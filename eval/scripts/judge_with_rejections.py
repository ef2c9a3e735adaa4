"""Do the read judge rejections (docs/fusion-judge-rejections.md) help the judge as training rows?

    python eval/scripts/judge_with_rejections.py

Leave one read out over the accepted-rewrite reads (`training.judge`'s folds and recipe), each fold fitted
without the 50 read rejections, then with them appended at weight 1 and 2; printed: the out-of-fold AUC on
the reads, the precision and recall at the threshold chosen as `fit` chooses it, and the precision when 60%
and 80% of the true rewrites are kept.
"""
from summarizer.runtime import pin_portable_kernels

pin_portable_kernels()   # before ctranslate2 loads: the judge's features as `fit` computes them

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from summarizer.engines.fusion import FusionEngine  # noqa: E402
from summarizer.fusion.judge_features import features, flags_of  # noqa: E402
from summarizer.training import judge  # noqa: E402
from summarizer.training.verdicts import parse  # noqa: E402

READ = Path("docs/fusion-judge-rejections.md")


def main() -> int:
    from sklearn.metrics import roc_auc_score

    X, y, reads = judge.verdict_matrix(Path("runs/judge"))
    allowed = np.array([not flags_of(row) for row in X])
    items = parse(READ.read_text(encoding="utf-8"))
    pairs = [(i["candidate"], i["sources"]) for i in items]
    log_probs = FusionEngine(judge=False, backend="ct2").candidate_log_probs(pairs)
    X_extra = np.stack([features(c, s, log_probs=lp) for (c, s), lp in zip(pairs, log_probs)])
    y_extra = np.array([i["label"] for i in items])
    print(f"{len(items)} read rejections, {int(y_extra.sum())} true")
    for weight in (0, 1, 2):
        oof = judge.out_of_fold(X, y, reads, extra=(X_extra, y_extra, weight) if weight else None)
        threshold = judge.threshold_for(oof, y, allowed, judge.TARGET_PRECISION, judge.KEEP_RECALL)
        at = judge.accepted(allowed & (oof >= threshold), y)
        precision = {share: judge.accepted(allowed & (oof >= judge.keeping(oof, y, allowed, share)), y)["precision"]
                     for share in (0.6, 0.8)}
        print(f"rejections at weight {weight}: out-of-fold AUC {roc_auc_score(y, oof):.4f}, threshold {threshold:.3f}, "
              f"{at}, precision keeping 60% {precision[0.6]}, 80% {precision[0.8]}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
