"""Train the sentence-score model of content selection (`summarizer/pipeline/sentence_scores.py`).

    python -m summarizer.training.sentence_scores all      # prepare, features, fit: the shipped model

Three resumable steps, each writing under `--work` (default runs/sentences):
1. `prepare`: clusters run through ingest, clean, segment, embed and relate exactly as at inference,
   pickled in shards of SHARD clusters (the expensive part, once). Multi-News train clusters from
   TRAIN_FROM on (apart from those the concept model was fitted on, 0-19,999) and NeuS train, a share
   of them with page chrome pasted into several reports as the concept model's (`training.selection.
   with_chrome`): lines many reports repeat that no summary uses; and Multi-News val 1001-1500, as it
   is, for early stopping.
2. `features`: a row of `sentence_scores.FEATURES` per sentence, labelled by its oracle value: the
   share of its stemmed bigrams that a reference summary uses (ROUGE-2 precision against the best
   reference), the sentence-level oracle that extractive summarisers learn from (BertSum, MatchSum).
3. `fit`: LightGBM regression on that share (cross-entropy, fixed seed) on the first N training
   clusters for N in the learning curve, early-stopped and scored on the validation slice (Spearman
   correlation of scores and labels within clusters, beside the hand salience's); the largest becomes
   the model, written with `training.json` to `--out`.
"""
from __future__ import annotations

import argparse
import json
import pickle
import re
import time
from pathlib import Path

import numpy as np

from summarizer.training.selection import (
    MULTINEWS_TRAIN,
    MULTINEWS_VAL,
    NEUS_TRAIN,
    SEED,
    fit_early_stopped,
    read,
    shard_bounds,
    with_chrome,
)

TRAIN_FROM = 20_000
SHARD = 250
SLICES = {  # name: (file, first cluster, clusters, chrome pasted into some)
    "multinews-val": (MULTINEWS_VAL, 1000, 500, False),
    "neus-train": (NEUS_TRAIN, 0, None, True),
    "multinews-train": (MULTINEWS_TRAIN, TRAIN_FROM, 2500, True),
}


# ---- step 1: prepared clusters ---------------------------------------------------------------------
def prepare_slice(name: str, folder: Path, embedder, clusters: int | None = None, chrome: bool = True) -> None:
    """Shards `folder/{name}-{k:04d}.pkl`: (cluster index, prepared cluster or None, references) per
    cluster, skipping shards already written."""
    from summarizer.api import as_documents
    from summarizer.errors import InputError
    from summarizer.pipeline.prepare import prepare

    path, start, count, pasted = SLICES[name]
    chrome = chrome and pasted
    count = clusters if clusters is not None else count
    stop = None if count is None else start + count
    folder.mkdir(parents=True, exist_ok=True)
    for k, a, b in shard_bounds(start, stop, SHARD):
        target = folder / f"{name}-{k:04d}.pkl"
        if target.exists():
            continue
        t0, items, previous = time.perf_counter(), [], None
        for i, cluster in enumerate(read(path, a, b)):
            documents = with_chrome(cluster, a + i, previous)["documents"] if chrome else cluster["documents"]
            previous = cluster
            try:
                prepared = prepare(as_documents(documents), embedder)
            except InputError:
                prepared = None
            items.append((a + i, prepared, cluster["references"]))
        if not items:
            return
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.rename(target)
        print(f"prepare: {target.name} ({len(items)} clusters) in {time.perf_counter() - t0:.0f} s", flush=True)
        if len(items) < b - a:
            return


# ---- step 2: features ----------------------------------------------------------------------------
_ROUGE_TOKEN = re.compile(r"[a-z0-9]+")


def rouge_bigrams(text: str) -> set[tuple[str, str]]:
    """Word bigrams as ROUGE-2 counts them (rouge_score: lower case, alphanumeric tokens, Porter stems
    of words longer than 3 letters)."""
    from summarizer.text import porter_stem

    toks = [porter_stem(w) if len(w) > 3 else w for w in _ROUGE_TOKEN.findall(text.lower())]
    return set(zip(toks, toks[1:]))


def oracle_values(texts: list[str], references: list[str]) -> np.ndarray:
    """Per sentence: the largest share of its bigrams that one reference uses."""
    refs = [rouge_bigrams(r) for r in references]
    values = []
    for text in texts:
        own = rouge_bigrams(text)
        values.append(max((len(own & r) / len(own) for r in refs), default=0.0) if own else 0.0)
    return np.array(values, dtype=np.float32)


def cluster_rows(prepared, references: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """Features and oracle labels of one prepared cluster's sentences, as selection would see them."""
    from summarizer.pipeline.concept_weights import load_model
    from summarizer.pipeline.select import SelectionWeights, coverage_concepts, sentence_signals
    from summarizer.pipeline.sentence_scores import sentence_features

    if prepared is None or not prepared.sentences:
        return None
    sentences, embeddings = prepared.sentences, prepared.embeddings
    table = coverage_concepts(sentences, embeddings, prepared.facts, SelectionWeights(concept_weights="hand"), None,
                              prepared.loaded)
    signals = sentence_signals(sentences, embeddings, prepared.facts, prepared.loaded)
    rows = sentence_features(sentences, embeddings, prepared.facts, prepared.loaded, signals, table,
                             load_model()[1])
    return rows, oracle_values([s.text for s in sentences], references)


def build_features(name: str, prepared: Path, folder: Path) -> None:
    """`folder/{name}-{k:04d}.npz` (x, y, cluster) for each prepared shard not featurised yet."""
    folder.mkdir(parents=True, exist_ok=True)
    for shard in sorted(prepared.glob(f"{name}-*.pkl")):
        target = folder / shard.with_suffix(".npz").name
        if target.exists():
            continue
        t0, xs, ys, groups = time.perf_counter(), [], [], []
        for index, cluster, references in pickle.loads(shard.read_bytes()):
            got = cluster_rows(cluster, references)
            if got is not None:
                xs.append(got[0])
                ys.append(got[1])
                groups.append(np.full(len(got[1]), index, dtype=np.int32))
        tmp = target.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, x=np.concatenate(xs), y=np.concatenate(ys), cluster=np.concatenate(groups))
        tmp.rename(target)
        print(f"features: {target.name} ({len(xs)} clusters, {sum(map(len, ys)):,} sentences) "
              f"in {time.perf_counter() - t0:.0f} s", flush=True)


def load_features(folder: Path, name: str, clusters: int | None = None):
    """x, y and cluster ids of a slice's shards (the first `clusters` clusters of it, if given)."""
    shards = [np.load(p) for p in sorted(folder.glob(f"{name}-*.npz"))]
    if not shards:
        raise SystemExit(f"no feature shards {folder}/{name}-*.npz: run the features step first")
    x, y, c = (np.concatenate([s[k] for s in shards]) for k in ("x", "y", "cluster"))
    if clusters is not None:
        keep = c < SLICES[name][1] + clusters
        x, y, c = x[keep], y[keep], c[keep]
    return x, y, c


# ---- step 3: fit -----------------------------------------------------------------------------------
PARAMS = {"objective": "cross_entropy", "learning_rate": 0.05, "num_leaves": 31, "min_data_in_leaf": 200,
          "max_bin": 63, "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
          "seed": SEED, "deterministic": True, "num_threads": 2, "verbose": -1, "metric": ["cross_entropy", "l2"],
          "first_metric_only": True}


def within_cluster_spearman(scores: np.ndarray, labels: np.ndarray, clusters: np.ndarray) -> float:
    """Mean over clusters of the rank correlation of scores and labels (what selection uses: the order
    of a cluster's sentences, not the scale)."""
    from scipy.stats import spearmanr

    values = []
    for c in np.unique(clusters):
        at = clusters == c
        if at.sum() > 2 and np.ptp(labels[at]) > 0 and np.ptp(scores[at]) > 0:
            values.append(spearmanr(scores[at], labels[at]).statistic)
    return float(np.mean(values))


def fit(folder: Path, sizes: list[int], out: Path) -> dict:
    from summarizer.pipeline.sentence_scores import FEATURES, MODEL_FILE

    x_val, y_val, c_val = load_features(folder, "multinews-val")
    neus_x, neus_y, _ = load_features(folder, "neus-train")
    hand = within_cluster_spearman(x_val[:, FEATURES.index("salience")], y_val, c_val)
    print(f"fit: hand salience, validation Spearman {hand:.4f}", flush=True)
    curve, booster = [], None
    for n in sizes:
        x, y, c = load_features(folder, "multinews-train", n)
        clusters = len(np.unique(c))
        x, y = np.concatenate([x, neus_x]), np.concatenate([y, neus_y])
        booster, seconds = fit_early_stopped(PARAMS, FEATURES, (x, y), (x_val, y_val), rounds=2000, patience=50)
        predicted = booster.predict(x_val, num_iteration=booster.best_iteration)
        curve.append({"multinews_train_clusters": clusters, "neus_train_clusters": "all", "rows": int(len(y)),
                      "trees": booster.best_iteration, "seconds": seconds,
                      "val_cross_entropy": round(booster.best_score["valid_0"]["cross_entropy"], 4),
                      "val_spearman": round(within_cluster_spearman(predicted, y_val, c_val), 4)})
        print("fit:", json.dumps(curve[-1]), flush=True)
    out.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(out / MODEL_FILE), num_iteration=booster.best_iteration)
    gain = booster.feature_importance("gain")
    record = {"params": PARAMS, "label": "largest share of a sentence's bigrams one reference uses",
              "validation": "Multi-News val 1001-1500", "hand_salience_val_spearman": round(hand, 4),
              "curve": curve,
              "feature_gain": {f: round(float(g / gain.sum()), 4) for f, g in
                               sorted(zip(FEATURES, gain), key=lambda t: -t[1])}}
    (out / "sentences.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["prepare", "features", "fit", "all"])
    parser.add_argument("--work", type=Path, default=Path("runs/sentences"))
    parser.add_argument("--clusters", type=int, default=SLICES["multinews-train"][2],
                        help="Multi-News training clusters (from TRAIN_FROM)")
    parser.add_argument("--curve", default="1000,2500",
                        help="training-set sizes (Multi-News clusters) of the learning curve; the last is shipped")
    parser.add_argument("--out", type=Path, default=None, help="where the model goes (default: the package's)")
    parser.add_argument("--no-chrome", action="store_true",
                        help="paste no page chrome into the training clusters (the chrome filter of prepare() "
                             "and the cleaning rules are then the only defence against it)")
    args = parser.parse_args(argv)
    if args.step in ("prepare", "all"):
        from summarizer.pipeline.embed import Embedder

        embedder = Embedder()
        for name in SLICES:
            prepare_slice(name, args.work / "prepared", embedder,
                          args.clusters if name == "multinews-train" else None, chrome=not args.no_chrome)
    if args.step in ("features", "all"):
        for name in SLICES:
            build_features(name, args.work / "prepared", args.work / "features")
    if args.step in ("fit", "all"):
        from summarizer.pipeline.concept_weights import MODEL_DIR

        fit(args.work / "features", [int(n) for n in args.curve.split(",")], args.out or MODEL_DIR)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
