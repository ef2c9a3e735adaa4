"""Does each structure rule of fusion/alignment.py pay its way? Ablation on labelled candidates.

    python -m summarizer.training.judge features --out runs/judge     # rule flags of the synthetic pairs
    python eval/scripts/rule_ablation.py [--features runs/judge] [--pairs runs/judge/pairs.jsonl]

Data (the judge's fit data; the test read, Multi-News val 1521-1550, is not looked at):
- real: the hand-read accepted rewrites of the fit reads (`verdicts.load("fit")`) and the 40 read
  rejections (`verdicts.rejections()`, each rejected by exactly one rule);
- synthetic: the self-supervised pairs (`training.judge_data`), positives the sentence or a compression,
  negatives corruptions, with their features (the rule flags among them) as `training.judge` caches them.

Per rule, on each: the true candidates it rejects (`true`) and of those the ones no other rule rejects
(`alone`: its cost in recall), the wrong ones it catches (`wrong`), of those the ones the judge also
rejects, and `unique`: wrong ones that no other rule (exact checks included) and not the judge catches.
"The judge" here is the judge of the ablation's day (`training.judge.SYNTHETIC_RECIPE`: synthetic pairs
and verdicts), trained, 4-fold out of fold, without any structure rule's flag among its
features, at the threshold `training.judge.threshold_for` picks on its out-of-fold scores of the real
verdicts: where no other rule fires, a judge without this rule's flag sees the same all-zero flags, so
this answers "would the judge catch it if this rule were gone" with 8 fits instead of 8 per rule.

The criterion, fixed before the table was read: a rule pays when
- on the real data it catches at least one error that is `unique`, and rejects alone no more true
  candidates than that, or
- it rejects alone no true real candidate and catches at least `MIN_SYNTHETIC` unique synthetic errors.
Deletion is greedy: the failing rule with the fewest unique catches goes first, then every count is
redone without it (an error two rules share becomes unique to the one left), until all left pay.
The exact checks of fusion/verify.py (numbers, names, quotes...) stay whatever their counts.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from summarizer.fusion.alignment import FLAGS
from summarizer.fusion.judge_features import feature_names, features, rule_feature
from summarizer.training.judge import SYNTHETIC_RECIPE, TARGET_PRECISION, load_features, threshold_for, train
from summarizer.training.verdicts import load, rejections

CLAUSE = ("no-finite-verb", "no-subject")           # alignment.clause_problems: ablated like the others
EXACT = ("unsupported-number", "unsupported-entity", "unsupported-quote", "novel-word", "repetition",
         "loaded-term", "too-short")                 # fusion/verify.py: they stay
MIN_SYNTHETIC = 10
FOLDS = 4


def fired(X: np.ndarray, rules: tuple[str, ...]) -> np.ndarray:
    """rows x rules: 1 where the rule flags the row. The clause checks run in the engine only when no
    other structure flag is found, so their own parse columns (`candidate_no_*`) say where they fire."""
    names = feature_names()
    cols = [names.index(f"candidate_{r.replace('-', '_')}" if r in CLAUSE else rule_feature(r)) for r in rules]
    return X[:, cols] > 0


def out_of_fold(X, y, w, fold, names_kept: list[int]) -> np.ndarray:
    names = feature_names()
    scores = np.zeros(len(y))
    for k in range(FOLDS):
        test = fold == k
        booster = train(X[~test][:, names_kept], y[~test], w[~test], [names[i] for i in names_kept],
                        SYNTHETIC_RECIPE["params"], SYNTHETIC_RECIPE["rounds"])
        scores[test] = booster.predict(X[test][:, names_kept], num_threads=2)
    return scores


def counts(hit, others, caught, labels) -> dict[str, int]:
    wrong = hit & (labels == 0)
    return {"true": int((hit & (labels == 1)).sum()), "alone": int((hit & ~others & (labels == 1)).sum()),
            "wrong": int(wrong.sum()), "judge": int((wrong & caught).sum()),
            "unique": int((wrong & ~others & ~caught).sum())}


def pays(real: dict, synthetic: dict) -> bool:
    return (real["unique"] >= 1 and real["alone"] <= real["unique"]) or (
        real["alone"] == 0 and synthetic["unique"] >= MIN_SYNTHETIC)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--features", type=Path, default=Path("runs/judge"))
    p.add_argument("--pairs", type=Path, default=Path("runs/judge/pairs.jsonl"))
    args = p.parse_args()

    X, y, _ = load_features(args.features)
    with open(args.pairs, encoding="utf-8") as f:
        ids = [json.loads(line)["id"] for line in f]
    if len(ids) != len(y):
        raise SystemExit(f"{args.features}: {len(y)} feature rows but {len(ids)} pairs in {args.pairs}")
    real = load("fit") + rejections()
    Xr = np.stack([features(r["candidate"], r["sources"]) for r in real])
    yr = np.array([r["label"] for r in real])

    # folds: synthetic pairs by source cluster (a cluster's pairs share sentences), real rows at random
    rng = np.random.default_rng(0)
    clusters = sorted(set(ids))
    fold_of = dict(zip(clusters, rng.permutation(len(clusters)) % FOLDS))
    fold = np.concatenate([[fold_of[i] for i in ids], rng.permutation(len(yr)) % FOLDS])
    XA, yA = np.vstack([X, Xr]), np.concatenate([y, yr])
    wA = np.concatenate([np.ones(len(y)), np.full(len(yr), SYNTHETIC_RECIPE["verdict_weight"])])
    rules = FLAGS + CLAUSE
    structure_cols = {feature_names().index(rule_feature(r)) for r in rules}
    kept_cols = [i for i in range(len(feature_names())) if i not in structure_cols]
    scores = out_of_fold(XA, yA, wA, fold, kept_cols)
    real_scores = scores[len(y):]
    hits = {"real": np.hstack([fired(Xr, rules), fired(Xr, EXACT)]),
            "synthetic": np.hstack([fired(X, rules), fired(X, EXACT)])}
    labels = {"real": yr, "synthetic": y}
    allowed = ~hits["real"].any(axis=1)
    threshold = threshold_for(real_scores, yr, allowed, TARGET_PRECISION, SYNTHETIC_RECIPE["keep_recall"])
    caught = {"real": real_scores < threshold, "synthetic": scores[:len(y)] < threshold}
    print(f"judge without structure flags, {FOLDS}-fold out of fold: threshold {threshold:.4f}; "
          f"real: {len(yr)} rows ({int(yr.sum())} true), synthetic: {len(y)} pairs ({int(y.sum())} true)")

    def table(left: list[str]) -> dict[str, dict[str, dict[str, int]]]:
        out = {}
        for r in left:
            out[r] = {}
            for name in ("real", "synthetic"):
                cols = [rules.index(o) for o in left if o != r] + [len(rules) + e for e in range(len(EXACT))]
                others = hits[name][:, cols].any(axis=1)
                out[r][name] = counts(hits[name][:, rules.index(r)], others, caught[name], labels[name])
        return out

    first = table(list(rules))
    left, order = list(rules), []
    while True:
        now = table(left)
        failing = [r for r in left if not pays(now[r]["real"], now[r]["synthetic"])]
        if not failing:
            break
        worst = min(failing, key=lambda r: (now[r]["real"]["unique"], now[r]["synthetic"]["unique"],
                                            -now[r]["real"]["alone"], r))
        left.remove(worst)
        order.append(worst)
    final = table(left)

    head = "| rule | real: true / alone / wrong / judge / unique | synthetic: true / alone / wrong / judge / unique | decision |"
    print("\ncounts with every rule in place (true: true candidates it rejects; alone: of them, no other rule does;\n"
          "wrong: wrong ones it catches; judge: of them, the judge also rejects; unique: no other rule and not the judge)\n")
    print(head)
    print("|---|---|---|---|")
    for r in sorted(rules, key=lambda r: (r not in left, -first[r]["real"]["wrong"] - first[r]["real"]["true"])):
        cells = [" / ".join(str(first[r][n][k]) for k in ("true", "alone", "wrong", "judge", "unique"))
                 for n in ("real", "synthetic")]
        if r in left:
            decision = "keep: " + " / ".join(str(final[r][n]["unique"]) for n in ("real", "synthetic")) + " unique at the end"
        else:
            decision = f"delete ({order.index(r) + 1})"
        print(f"| `{r}` | {cells[0]} | {cells[1]} | {decision} |")
    print(f"\nkept ({len(left)}): {', '.join(left)}")
    print(f"deleted ({len(order)}, in this order): {', '.join(order)}")
    for name in ("real", "synthetic"):
        any_old = hits[name].any(axis=1)
        new_cols = [rules.index(r) for r in left] + [len(rules) + e for e in range(len(EXACT))]
        any_new = hits[name][:, new_cols].any(axis=1)
        lab = labels[name]
        print(f"{name}: rules reject {int((any_old & (lab == 1)).sum())} true / {int((any_old & (lab == 0)).sum())} wrong "
              f"before, {int((any_new & (lab == 1)).sum())} / {int((any_new & (lab == 0)).sum())} after; wrong ones "
              f"neither rules nor judge catch: {int((~any_old & ~caught[name] & (lab == 0)).sum())} before, "
              f"{int((~any_new & ~caught[name] & (lab == 0)).sum())} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
