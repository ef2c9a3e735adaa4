"""Train the fusion judge: LightGBM on `fusion.judge_features` of self-supervised pairs and hand-read verdicts.

Readable top to bottom: pairs -> features (cached, resumable) -> fit (fixed seed) -> calibrate -> write.

    python -m summarizer.training.judge_data --out runs/judge/pairs.jsonl --clusters 5000   # the pairs
    python -m summarizer.training.judge features      # runs/judge/features.npz (about 20 ms a pair)
    python -m summarizer.training.judge fit           # summarizer/models/judge/ (model, judge.json, training.json)

Data: the self-supervised pairs (`judge_data`: corruptions of Multi-News and NeuS train sentences) and
the older hand-read verdicts on real rewrites (eval/data/fusion_verdicts.jsonl, every read but the
newest, which is the test). Real rewrites count `VERDICT_WEIGHT` times a synthetic pair: they are the
distribution the judge works on. The judge is asked after the hand rules pass a candidate; its threshold
is chosen on out-of-fold scores of those verdicts (5 folds): the lowest at which rules + judge reach
`TARGET_PRECISION` with 60% of the true rewrites kept, or, when none does, the one that keeps `KEEP_RECALL` of the true rewrites.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from summarizer.fusion.judge import DEFAULT_JUDGE
from summarizer.fusion.judge_features import feature_names, features, flags_of
from summarizer.training.verdicts import load as load_verdicts

VERDICT_WEIGHT = 100.0   # chosen on out-of-fold AUC of the fit verdicts: 20 -> 0.670, 100 -> 0.702, verdicts alone 0.693
TARGET_PRECISION = 0.95
KEEP_RECALL = 0.8        # when no threshold reaches the target precision: keep this share of the true rewrites
PARAMS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 20,
          "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
          "seed": 0, "deterministic": True, "num_threads": 2, "verbose": -1}
ROUNDS = 400


def _features_of(example: dict) -> np.ndarray:
    return features(example["candidate"], example["sources"])


def extract(args) -> None:
    """Features of every pair, in shards of 1,000 (a shard already written is skipped)."""
    from multiprocessing import Pool

    with open(args.pairs, encoding="utf-8") as f:
        pairs = [json.loads(line) for line in f]
    args.out.mkdir(parents=True, exist_ok=True)
    with Pool(args.workers) as pool:
        for start in range(0, len(pairs), 1000):
            shard = args.out / f"features-{start // 1000:03d}.npz"
            if shard.exists():
                continue
            chunk = pairs[start:start + 1000]
            t = time.time()
            X = np.stack(pool.map(_features_of, chunk, chunksize=20))
            np.savez_compressed(shard, X=X, y=np.array([p["label"] for p in chunk]),
                                kind=np.array([p["kind"] for p in chunk]))
            print(f"{shard}: {len(chunk)} pairs in {time.time() - t:.0f} s", flush=True)


def load_features(folder: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shards = sorted(folder.glob("features-*.npz"))
    parts = [np.load(s) for s in shards]
    return (np.concatenate([p["X"] for p in parts]), np.concatenate([p["y"] for p in parts]),
            np.concatenate([p["kind"] for p in parts]))


def train(X, y, w, names: list[str] | None = None):
    """One LightGBM judge with the fixed recipe (`PARAMS`, `ROUNDS`); `names`: the columns of X."""
    import lightgbm as lgb

    return lgb.train(PARAMS, lgb.Dataset(X, y, weight=w, feature_name=names or feature_names()), ROUNDS)


def threshold_for(scores: np.ndarray, labels: np.ndarray, allowed: np.ndarray, precision: float,
                  keep_recall: float) -> float:
    """The lowest score threshold at which the accepted (allowed and scored at least that) reach `precision`
    while keeping the issue's floor of 60% of the true ones; when none does, the highest that still
    accepts `keep_recall` of the true ones (a judge that rejects most true rewrites makes fusion extraction)."""
    for t in np.unique(scores):
        accept = allowed & (scores >= t)
        if accept.any() and labels[accept].mean() >= precision and accept[labels == 1].mean() >= 0.6:
            return float(t)
    true_scores = np.sort(scores[allowed & (labels == 1)])
    return float(true_scores[int(np.floor((1 - keep_recall) * len(true_scores)))])


def fit(args) -> None:
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    t0 = time.time()
    X, y, kind = load_features(args.features)
    rng = np.random.default_rng(0)
    dev = rng.random(len(y)) < 0.05
    real = load_verdicts("fit")
    Xr = np.stack([_features_of(r) for r in real])
    yr = np.array([r["label"] for r in real])
    allowed = np.array([not flags_of(row) for row in Xr])   # what the rules accept

    # learning curve on the synthetic pairs alone: dev AUC and AUC on the real verdicts
    curve = []
    train_idx = np.flatnonzero(~dev)
    for n in (1000, 4000, 10000, len(train_idx)):
        idx = train_idx[:n]
        booster = train(X[idx], y[idx], np.ones(len(idx)))
        curve.append({"pairs": int(len(idx)), "dev_auc": float(roc_auc_score(y[dev], booster.predict(X[dev]))),
                      "verdicts_auc": float(roc_auc_score(yr, booster.predict(Xr)))})
        print(curve[-1], flush=True)

    # out-of-fold scores of the real verdicts, each fold trained on all pairs + the other folds' verdicts
    oof = np.zeros(len(yr))
    for train_f, test_f in StratifiedKFold(5, shuffle=True, random_state=0).split(Xr, yr):
        booster = train(np.vstack([X[~dev], Xr[train_f]]), np.concatenate([y[~dev], yr[train_f]]),
                         np.concatenate([np.ones((~dev).sum()), np.full(len(train_f), VERDICT_WEIGHT)]))
        oof[test_f] = booster.predict(Xr[test_f])
    threshold = threshold_for(oof, yr, allowed, TARGET_PRECISION, KEEP_RECALL)
    accept = allowed & (oof >= threshold)
    print(f"out-of-fold on {len(yr)} older verdicts: AUC {roc_auc_score(yr, oof):.3f}, threshold {threshold:.3f}, "
          f"precision {yr[accept].mean():.3f}, recall {accept[yr == 1].mean():.3f}", flush=True)

    final = train(np.vstack([X, Xr]), np.concatenate([y, yr]),
                   np.concatenate([np.ones(len(y)), np.full(len(yr), VERDICT_WEIGHT)]))
    args.out.mkdir(parents=True, exist_ok=True)
    final.save_model(str(args.out / "judge.lgb.txt"))
    (args.out / "judge.json").write_text(json.dumps({
        "threshold": round(threshold, 4), "target_precision": TARGET_PRECISION, "keep_recall": KEEP_RECALL,
        "calibrated_on": "out-of-fold scores of eval/data/fusion_verdicts.jsonl, reads of Multi-News val "
                         "1001-1030 and 1251-1280"}, indent=1) + "\n")
    gain = dict(zip(feature_names(), final.feature_importance("gain").round(1).tolist()))
    (args.out / "training.json").write_text(json.dumps({
        "pairs": int(len(y)), "pairs_by_kind": {k: int((kind == k).sum()) for k in np.unique(kind)},
        "verdicts": int(len(yr)), "verdict_weight": VERDICT_WEIGHT, "params": PARAMS, "rounds": ROUNDS,
        "curve": curve, "out_of_fold": {"auc": float(roc_auc_score(yr, oof)), "threshold": threshold,
                                        "precision": float(yr[accept].mean()), "recall": float(accept[yr == 1].mean())},
        "top_features_by_gain": dict(sorted(gain.items(), key=lambda kv: -kv[1])[:25]),
        "fit_seconds": round(time.time() - t0, 1)}, indent=1) + "\n")
    print(f"wrote {args.out} in {time.time() - t0:.0f} s")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("features")
    e.add_argument("--pairs", type=Path, default=Path("runs/judge/pairs.jsonl"))
    e.add_argument("--out", type=Path, default=Path("runs/judge"))
    e.add_argument("--workers", type=int, default=2)
    f = sub.add_parser("fit")
    f.add_argument("--features", type=Path, default=Path("runs/judge"))
    f.add_argument("--out", type=Path, default=DEFAULT_JUDGE)
    args = p.parse_args()
    (extract if args.command == "features" else fit)(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
