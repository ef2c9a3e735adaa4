"""Judges fitted on the hand-read verdicts (with little or no synthetic data) against the shipped judge and the
rules alone, on a read that none of them was fitted on.

    python -m summarizer.training.judge features --out runs/judge        # synthetic pairs' features, once
    git archive b7c1ead summarizer/models/judge | tar -x -C runs/previous-judge   # the judge before this recipe
    python eval/scripts/judge_verdicts_only.py --test-read 1751-1780 --test-read 1781-1810 \
        --judge runs/previous-judge/summarizer/models/judge [--only NAME] [--seeds 5] [--json out.json]

For each test read R (a cluster range of eval/data/fusion_verdicts.jsonl), every recipe is fitted on the
verdicts of the reads older than R only (optionally with the synthetic pairs at a small weight), with a
few seeds. Its threshold is chosen on out-of-fold scores of those older reads (leave one read out: the
judge must transfer to a read it has not seen, so folds never split a read): the score that keeps 60%,
70% or 80% of their true rewrites that the rules pass. On R it reports AUC, and precision and recall of
"rules, then judge" at those thresholds; beside it a given judge (`--judge`, at its own threshold; the
shipped one by default, which is fitted on every read, so compare with the one before it) and the rules
alone on the same sentences, and every system's precision when keeping 60-80% of R's true rewrites (a threshold read off R itself: a like-for-like ranking comparison, not a
figure any system could reach without R's labels).

Reads from 1521-1550 on were drawn from rewrites the engine of their day accepted (rules and the judge of
then): what that judge rejected was never read, so on them every score compares rankings within what
the engine accepted.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from summarizer.training.judge import PARAMS, SYNTHETIC_RECIPE, first_cluster, verdict_matrix  # noqa: E402

SEEDS = (0, 1, 2, 3, 4)
KEEP = (0.6, 0.7, 0.8)


# --- recipes: fit(X, y, seed) -> score function -------------------------------------------------------

def lgb_recipe(leaves: int, rounds: int, synthetic_weight: float = 0.0, synthetic=None):
    """`synthetic_weight`: what the synthetic pairs weigh together, as a share of the verdicts' total."""
    def fit(X, y, seed):
        import lightgbm as lgb

        w = np.ones(len(y))
        if synthetic_weight:
            Xs, ys = synthetic
            X, y = np.vstack([X, Xs]), np.concatenate([y, ys])
            w = np.concatenate([w, np.full(len(ys), synthetic_weight * len(w) / len(ys))])
        params = {**PARAMS, "num_leaves": leaves, "seed": seed}      # the shipped recipe but for these
        booster = lgb.train(params, lgb.Dataset(X, y, weight=w), rounds)
        return lambda Z: booster.predict(Z)
    return fit


def _previous_recipe(synthetic):
    """The recipe of the judge shipped before (`training.judge.SYNTHETIC_RECIPE`), refitted on the same reads."""
    def fit(X, y, seed):
        import lightgbm as lgb

        Xs, ys = synthetic
        w = np.concatenate([np.full(len(y), SYNTHETIC_RECIPE["verdict_weight"]), np.ones(len(ys))])
        booster = lgb.train({**SYNTHETIC_RECIPE["params"], "seed": seed},
                            lgb.Dataset(np.vstack([X, Xs]), np.concatenate([y, ys]), weight=w),
                            SYNTHETIC_RECIPE["rounds"])
        return lambda Z: booster.predict(Z)
    return fit


def logistic_recipe(C: float):
    def fit(X, y, seed):
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000, random_state=seed))
        model.fit(X, y)
        return lambda Z: model.predict_proba(Z)[:, 1]
    return fit


def recipes(synthetic) -> dict:
    found = {f"lgb-verdicts leaves={lv} rounds={r}": lgb_recipe(lv, r) for lv in (3, 7) for r in (100, 300)}
    if synthetic is not None:
        for sw in (0.05, 0.1, 0.2, 0.5, 1.0):
            found[f"lgb+synthetic w={sw} leaves=7 rounds=300"] = lgb_recipe(7, 300, sw, synthetic)
        # the previous recipe refitted on the same older reads: each verdict weighs 100 synthetic pairs
        found["previous recipe (synthetic + verdicts x100)"] = _previous_recipe(synthetic)
    for C in (0.003, 0.01, 0.03, 0.1):
        found[f"logistic C={C}"] = logistic_recipe(C)
    return found


# --- evaluation --------------------------------------------------------------------------------------

def out_of_fold(fit, X, y, reads, seed) -> np.ndarray:
    """Leave one read out: each read scored by a judge fitted on the other reads."""
    oof = np.zeros(len(y))
    for read in np.unique(reads):
        held = reads == read
        oof[held] = fit(X[~held], y[~held], seed)(X[held])
    return oof


def keep_threshold(scores, labels, allowed, share: float) -> float:
    """The highest threshold at which "rules, then judge" still accepts `share` of the true rewrites."""
    true_scores = np.sort(scores[allowed & (labels == 1)])
    return float(true_scores[int(np.floor((1 - share) * len(true_scores)))])


def accepted(accept, labels) -> dict:
    n = int(accept.sum())
    return {"accepted": n, "wrong": int((accept & (labels == 0)).sum()),
            "precision": float(labels[accept].mean()) if n else float("nan"),
            "recall": float(accept[labels == 1].mean())}


def precision_at_keep(scores, labels, allowed) -> dict:
    """Precision of "rules, then judge" at the threshold (read off the test labels) keeping each share."""
    return {f"{share:.0%}": accepted(allowed & (scores >= keep_threshold(scores, labels, allowed, share)),
                                     labels)["precision"] for share in KEEP}


def evaluate(name, fit, X, y, reads, allowed, test_read, seeds=SEEDS) -> dict:
    from sklearn.metrics import roc_auc_score

    train, test = np.array([first_cluster(r) < first_cluster(test_read) for r in reads]), reads == test_read
    per_seed = []
    for seed in seeds:
        oof = out_of_fold(fit, X[train], y[train], reads[train], seed)
        scores = fit(X[train], y[train], seed)(X[test])
        row = {"seed": seed, "oof_auc": float(roc_auc_score(y[train], oof)),
               "test_auc": float(roc_auc_score(y[test], scores)),
               "test_precision_at_keep": precision_at_keep(scores, y[test], allowed[test])}
        for share in KEEP:
            t = keep_threshold(oof, y[train], allowed[train], share)
            row[f"oof_keep_{share:.0%}"] = {"threshold": t, **accepted(allowed[test] & (scores >= t), y[test])}
        per_seed.append(row)
        if "logistic" in name:      # deterministic: one seed is all seeds
            break
    return {"recipe": name, "test_read": test_read, "train_reads": sorted(set(reads[train]), key=first_cluster),
            "per_seed": per_seed, "mean": _mean(per_seed)}


def _mean(rows: list[dict]) -> dict:
    def avg(get):
        values = [get(r) for r in rows]
        return float(np.nanmean(values))
    out = {"oof_auc": avg(lambda r: r["oof_auc"]), "test_auc": avg(lambda r: r["test_auc"]),
           "test_auc_min": min(r["test_auc"] for r in rows), "test_auc_max": max(r["test_auc"] for r in rows)}
    for share in KEEP:
        key = f"oof_keep_{share:.0%}"
        out[key] = {m: avg(lambda r, m=m, key=key: r[key][m]) for m in ("precision", "recall", "accepted", "wrong")}
    out["test_precision_at_keep"] = {k: avg(lambda r, k=k: r["test_precision_at_keep"][k]) for k in
                                     rows[0]["test_precision_at_keep"]}
    return out


def shipped(X, y, reads, allowed, test_read, judge: Path | None = None) -> dict:
    import lightgbm as lgb
    from sklearn.metrics import roc_auc_score

    from summarizer.fusion.judge import DEFAULT_JUDGE

    test = reads == test_read
    judge = judge or DEFAULT_JUDGE
    model = lgb.Booster(model_file=str(judge / "judge.lgb.txt"))
    threshold = json.loads((judge / "judge.json").read_text())["threshold"]
    scores = model.predict(X[test])
    return {"test_auc": float(roc_auc_score(y[test], scores)), "threshold": threshold,
            "at_threshold": accepted(allowed[test] & (scores >= threshold), y[test]),
            "test_precision_at_keep": precision_at_keep(scores, y[test], allowed[test]),
            "rules_alone": accepted(allowed[test], y[test])}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--test-read", action="append", required=True)
    p.add_argument("--features", type=Path, default=Path("runs/judge"), help="synthetic pairs' feature shards")
    p.add_argument("--only", default="", help="run only the recipes whose name contains this")
    p.add_argument("--seeds", type=int, default=len(SEEDS), help="how many of the seeds 0-4")
    p.add_argument("--json", type=Path)
    p.add_argument("--judge", type=Path, help="the judge to compare with (default: the shipped one)")
    args = p.parse_args()
    from summarizer.fusion.judge_features import flags_of

    X, y, reads = verdict_matrix(args.features)
    allowed = np.array([not flags_of(row) for row in X])
    synthetic = None
    if list(args.features.glob("features-*.npz")):
        from summarizer.training.judge import load_features

        Xs, ys, _ = load_features(args.features)
        synthetic = (Xs, ys)
    report = []
    for test_read in args.test_read:
        base = shipped(X, y, reads, allowed, test_read, args.judge)
        test = reads == test_read
        print(f"\n== test read {test_read}: {int(test.sum())} rewrites, {int(y[test].sum())} true; rules alone "
              f"{_fmt(base['rules_alone'])}; shipped judge AUC {base['test_auc']:.3f}, at its threshold "
              f"{base['threshold']:.3f} {_fmt(base['at_threshold'])}; precision keeping 60/70/80% of true "
              f"(threshold read off the test): {_keep(base['test_precision_at_keep'])}")
        print(f"{'recipe':42} {'oofAUC':>6} {'AUC':>5} {'min-max':>11} | OOF-chosen threshold keeping 60% / 70% / "
              f"80% of true: precision recall (accepted, wrong) | prec at test keep 60/70/80%")
        results = []
        for name, fit in recipes(synthetic).items():
            if args.only and args.only not in name:
                continue
            r = evaluate(name, fit, X, y, reads, allowed, test_read, SEEDS[:args.seeds])
            m = r["mean"]
            at = " | ".join(f"{m[f'oof_keep_{s:.0%}']['precision']:.3f} {m[f'oof_keep_{s:.0%}']['recall']:.3f} "
                            f"({m[f'oof_keep_{s:.0%}']['accepted']:.1f},{m[f'oof_keep_{s:.0%}']['wrong']:.1f})"
                            for s in KEEP)
            print(f"{name:42} {m['oof_auc']:6.3f} {m['test_auc']:5.3f} {m['test_auc_min']:.3f}-{m['test_auc_max']:.3f}"
                  f" | {at} | {_keep(m['test_precision_at_keep'])}", flush=True)
            results.append(r)
        report.append({"test_read": test_read, "shipped": base, "recipes": results})
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1) + "\n")
    return 0


def _fmt(a: dict) -> str:
    return f"precision {a['precision']:.3f} recall {a['recall']:.3f} ({a['accepted']} accepted, {a['wrong']} wrong)"


def _keep(d: dict) -> str:
    return " / ".join(f"{v:.3f}" for v in d.values())


if __name__ == "__main__":
    raise SystemExit(main())
