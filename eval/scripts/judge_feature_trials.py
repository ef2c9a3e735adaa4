"""Candidate features for the judge, tried out of fold (each read scored by the recipe fitted on the others).

    python eval/scripts/judge_feature_trials.py

- `picture`: the candidate, and its main source, describe a picture (`caption.describes_picture`: a main verb
  in the simple present that is not a saying, or none): present-tense captions kept in rewrites;
- `source lm`: the fusion model's log-probabilities of the main source itself from the same input, a baseline
  for the candidate's (`lm_mean`, `lm_min`), as the differences and as the values;
- `self-contained` (session 24): the candidate is a first-person line naming no speaker (`text.speaks_unnamed`),
  a bare quotation (`speakers.whole_quotation`), in the second person outside quotation marks, or ends without
  closing punctuation;
- `purpose cut`: an infinitival clause ("to donate his organs") cut whole while the word it hangs on is kept.
Printed per variant: out-of-fold AUC over all reads, precision and recall at the threshold `fit` would choose,
and the AUC on the newest read.
"""
from summarizer.runtime import pin_portable_kernels

pin_portable_kernels()   # before ctranslate2 loads: the judge's features as `fit` computes them

import re  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from summarizer.engines.fusion import FusionEngine  # noqa: E402
from summarizer.fusion.alignment import _aligned_positions, _parse, _subtree_edges, align  # noqa: E402
from summarizer.fusion.judge_features import feature_names, flags_of  # noqa: E402
from summarizer.fusion.recase import folded_tokens  # noqa: E402
from summarizer.fusion.speakers import whole_quotation  # noqa: E402
from summarizer.pipeline.caption import describes_picture  # noqa: E402
from summarizer.text import speaks_unnamed  # noqa: E402
from summarizer.training import judge  # noqa: E402
from summarizer.training.verdicts import load  # noqa: E402


def purpose_cut(candidate: str, sources: list[str]) -> bool:
    used = _aligned_positions(align(candidate, sources))
    for j, kept in used.items():
        parse, toks = _parse(sources[j]), folded_tokens(sources[j])
        for k, word in enumerate(toks[:len(parse.deps)]):
            verb = parse.heads[k]
            if word != "to" or k in kept or parse.deps[k] != "aux" or verb < 0 or verb in kept:
                continue
            if parse.deps[verb] in ("advcl", "acl", "xcomp") and parse.heads[verb] in kept:
                lo, hi = _subtree_edges(parse, verb)
                if not any(i in kept for i in range(lo, hi + 1)):
                    return True
    return False


def self_contained(candidate: str) -> list[float]:
    outside = " ".join(re.split(r"[\"“”]", candidate)[0::2])
    return [float(speaks_unnamed(candidate)), float(whole_quotation(candidate) is not None),
            float(bool(re.search(r"\b(you|your|yours)\b", outside, re.IGNORECASE))),
            float(candidate.strip()[-1:] not in ".!?\"”'")]


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
    own = np.array([self_contained(r["candidate"]) for r in rows], dtype=np.float32)
    purpose = np.array([[purpose_cut(r["candidate"], r["sources"])] for r in rows], dtype=np.float32)
    own_names = ["speaks_unnamed", "bare_quotation", "second_person", "no_closing_stop"]
    variants = {"shipped features": (X, names),
                "+ self-contained": (np.hstack([X, own]), names + own_names),
                "+ purpose cut": (np.hstack([X, purpose]), names + ["purpose_cut"]),
                "+ both": (np.hstack([X, own, purpose]), names + own_names + ["purpose_cut"]),
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
