"""Candidate features for the judge, tried out of fold (each read scored by the recipe fitted on the others).

    python eval/scripts/judge_feature_trials.py

- `picture`: the candidate, and its main source, describe a picture (`caption.describes_picture`: a main verb
  in the simple present that is not a saying, or none): present-tense captions kept in rewrites;
- `source lm`: the fusion model's log-probabilities of the main source itself from the same input, a baseline
  for the candidate's (`lm_mean`, `lm_min`), as the differences and as the values;
- without session 24's features, now shipped (`judge_features.SELF_CONTAINED`: a first-person line naming no
  speaker, a bare quotation, "you" outside quotation marks, no closing stop; `cut_purpose`: an infinitival clause
  cut whole while the word it hangs on is kept): the shipped columns left out, each group and both.
Printed per variant: out-of-fold AUC over all reads, precision and recall at the threshold `fit` would choose,
and the AUC on the newest read.
"""
from summarizer.runtime import pin_portable_kernels

pin_portable_kernels()   # before ctranslate2 loads: the judge's features as `fit` computes them

from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from summarizer.engines.fusion import FusionEngine  # noqa: E402
from summarizer.fusion.alignment import _aligned_positions, align  # noqa: E402
from summarizer.fusion.judge_features import SELF_CONTAINED, feature_names, flags_of  # noqa: E402
from summarizer.pipeline.caption import describes_picture  # noqa: E402
from summarizer.training import judge  # noqa: E402
from summarizer.training.verdicts import load  # noqa: E402


def main() -> int:
    from sklearn.metrics import roc_auc_score

    X, y, reads = judge.verdict_matrix(Path("runs/judge"))
    rows = sorted(load("all"), key=lambda r: judge.first_cluster(r["clusters"]))   # verdict_matrix's order
    mains = []
    for r in rows:
        used = _aligned_positions(align(r["candidate"], r["sources"]))
        mains.append(max(used, key=lambda j: len(used[j])) if used else 0)
    picture = np.array([[describes_picture(r["candidate"]), describes_picture(r["sources"][m])]
                        for r, m in zip(rows, mains)], dtype=np.float32)
    log_probs = FusionEngine(judge=False, backend="ct2").candidate_log_probs(
        [(r["sources"][m], r["sources"]) for r, m in zip(rows, mains)])
    source = np.array([[lp.mean(), lp.min()] for lp in log_probs], dtype=np.float32)
    names = feature_names()
    gains = np.column_stack([X[:, names.index("lm_mean")] - source[:, 0], X[:, names.index("lm_min")] - source[:, 1]])
    allowed = np.array([not flags_of(row) for row in X])
    newest = reads == judge.REPORT_READS[-1]
    print(f"{int(picture[:, 0].sum())} candidates describe a picture, {int(y[picture[:, 0] == 1].sum())} of them true")
    def without(left_out: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
        keep = [k for k, name in enumerate(names) if name not in left_out]
        return X[:, keep], [names[k] for k in keep]

    variants = {"shipped features": (X, names),
                "- self-contained": without(SELF_CONTAINED),
                "- purpose cut": without(("cut_purpose",)),
                "- both": without((*SELF_CONTAINED, "cut_purpose")),
                "+ picture": (np.hstack([X, picture]), names + ["candidate_picture", "source_picture"]),
                "+ source lm gains": (np.hstack([X, gains]), names + ["lm_mean_gain", "lm_min_gain"]),
                "+ source lm gains and values": (np.hstack([X, gains, source]),
                                                 names + ["lm_mean_gain", "lm_min_gain", "source_lm_mean", "source_lm_min"])}
    for label, (features, columns) in variants.items():
        oof = judge.out_of_fold(features, y, reads, names=columns)
        threshold = judge.threshold_for(oof, y, allowed, judge.TARGET_PRECISION, judge.KEEP_RECALL)
        print(f"{label}: out-of-fold AUC {roc_auc_score(y, oof):.4f}, {judge.accepted(allowed & (oof >= threshold), y)}, "
              f"newest read AUC {roc_auc_score(y[newest], oof[newest]):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
