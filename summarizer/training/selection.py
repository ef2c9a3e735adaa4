"""Train the concept-weight model of coverage selection (`summarizer/pipeline/concept_weights.py`).

    python -m summarizer.training.selection all          # words, features, fit: the shipped model

Three resumable steps, each writing under `--work` (default runs/selection):
1. `words`: a table of stemmed words from Multi-News train clusters WORDS_FROM onwards (kept apart
   from the clusters the model is fitted on, so that "how often a summary keeps this word" is not
   learned from the very labels it predicts): idf over reports and the smoothed share of clusters
   whose reference uses the word when a report does.
2. `features`: Multi-News train clusters [0, --clusters) and NeuS train, and Multi-News val 1001+
   for early stopping, each run through ingest, clean, segment, embed and relate exactly as at
   inference; a row of features per concept, labelled 1 when a reference uses the concept (Li, Qian &
   Liu 2013). A share of the Multi-News clusters get page chrome pasted into several reports
   (`summarizer/training/chrome.py`), which no reference uses. Shards of SHARD clusters in `.npz`; a
   shard already written is skipped.
3. `fit`: LightGBM (binary log loss, fixed seed) on the first N training clusters, for N in the
   learning curve, scored on the validation features (AUC, log loss); the largest becomes the model,
   written with the word table and `training.json` to `--out`.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from summarizer.pipeline.concept_weights import (
    FEATURES,
    MODEL_DIR,
    MODEL_FILE,
    WORDS_FILE,
    WordStats,
    cluster_concept_features,
    idf,
    smoothed_kept,
)
from summarizer.pipeline.concepts import sentence_concepts
from summarizer.text import WORD_TOKEN, stem
from summarizer.training.chrome import first_sentence, training_chrome

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
MULTINEWS_TRAIN = DATA / "multinews" / "train.jsonl.gz"
MULTINEWS_VAL = DATA / "multinews" / "val.jsonl.gz"
NEUS_TRAIN = DATA / "neus" / "train.jsonl.gz"
NEUS_VAL = DATA / "neus" / "val.jsonl.gz"
WORDS_FROM = 25_000        # Multi-News train clusters from here on make the word table
MIN_REPORTS = 5            # words in fewer training clusters than this are "unseen"
SHARD = 500
CHROME_SHARE = 0.3        # training clusters with page chrome pasted in (summarizer/training/chrome.py)
VAL_FROM, VAL_TO = 1000, 1500   # Multi-News val 1001-1500: the tuning split (1-500 is the evaluation set)
SEED = 13
PARAMS = {"objective": "binary", "learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 500, "max_bin": 63,
          "feature_fraction": 0.8, "bagging_fraction": 0.5, "bagging_freq": 1, "lambda_l2": 1.0,
          "seed": SEED, "deterministic": True, "num_threads": 2, "verbose": -1,
          "metric": ["binary_logloss", "auc"], "first_metric_only": True}


def read(path: Path, start: int = 0, stop: int | None = None):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        yield from (json.loads(line) for line in itertools.islice(f, start, stop))


def stems(text: str) -> set[str]:
    return {stem(w) for w in WORD_TOKEN.findall(text.lower())}


def shard_bounds(start: int, stop: int | None, size: int = SHARD):
    """(k, first, end) of each shard of clusters [start, stop), `size` clusters each; endless when `stop`
    is None (the caller stops at the end of the file)."""
    for k in itertools.count():
        a = start + k * size
        if stop is not None and a >= stop:
            return
        yield k, a, a + size if stop is None else min(a + size, stop)


# ---- step 1: the word table ----------------------------------------------------------------------
def build_words(out: Path) -> WordStats:
    report_df, cluster_df, in_summary, reports, clusters = Counter(), Counter(), Counter(), 0, 0
    for cluster in read(MULTINEWS_TRAIN, WORDS_FROM):
        seen: set[str] = set()
        for doc in cluster["documents"]:
            found = stems(doc)
            report_df.update(found)
            seen |= found
            reports += 1
        cluster_df.update(seen)
        in_summary.update(seen & stems(" ".join(cluster["references"])))
        clusters += 1
    prior = sum(in_summary.values()) / max(1, sum(cluster_df.values()))
    kept = {w: smoothed_kept(in_summary[w], n, prior) for w, n in cluster_df.items() if n >= MIN_REPORTS}
    words = WordStats(idf={w: idf(report_df[w], reports) for w in kept}, kept=kept,
                      unseen_idf=idf(0, reports), unseen_kept=prior)
    out.parent.mkdir(parents=True, exist_ok=True)
    words.save(out)
    print(f"words: {len(kept):,} words from {clusters:,} clusters ({reports:,} reports); prior {prior:.3f}")
    return words


# ---- step 2: features --------------------------------------------------------------------------
def cluster_rows(cluster: dict, embedder, words: WordStats) -> tuple[np.ndarray, np.ndarray] | None:
    """Features and labels of one cluster's concepts, as coverage selection builds its table."""
    from summarizer.api import as_documents
    from summarizer.errors import InputError
    from summarizer.pipeline.prepare import prepare
    from summarizer.pipeline.select import SelectionWeights, coverage_concepts, sentence_signals

    try:
        prepared = prepare(as_documents(cluster["documents"]), embedder)
    except InputError:
        return None
    table = coverage_concepts(prepared.sentences, prepared.embeddings, prepared.facts,
                              SelectionWeights(concept_weights="hand"), None, prepared.loaded)
    if not table.names:
        return None
    signals = sentence_signals(prepared.sentences, prepared.embeddings, prepared.facts, prepared.loaded)
    rows = cluster_concept_features(table, prepared.sentences, prepared.embeddings, prepared.facts,
                                    prepared.loaded, signals, words)
    used = set().union(*(sentence_concepts(r) for r in cluster["references"]))
    return rows, np.array([name in used for name in table.names], dtype=np.int8)


def with_chrome(cluster: dict, index: int, previous: dict | None) -> dict:
    """One training cluster in CHROME_SHARE gets page chrome pasted into its reports (seeded by its
    index), so that the model sees lines many reports repeat that no summary uses."""
    rng = random.Random(SEED * 100_003 + index)
    if previous is None or rng.random() >= CHROME_SHARE:
        return cluster
    headline = first_sentence(previous["documents"][0])
    return {**cluster, "documents": training_chrome(cluster["documents"], headline, rng)}


def build_features(name: str, path: Path, start: int, stop: int | None, folder: Path, words: WordStats,
                   embedder, chrome: bool = False) -> None:
    """Shards `folder/{name}-{k:04d}.npz` of clusters [start, stop) of `path`, skipping those written;
    with `chrome`, some clusters get page chrome pasted in (`with_chrome`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for k, a, b in shard_bounds(start, stop):
        target = folder / f"{name}-{k:04d}.npz"
        if target.exists():
            continue
        t0, xs, ys, groups, previous = time.perf_counter(), [], [], [], None
        for i, cluster in enumerate(read(path, a, b)):
            got = cluster_rows(with_chrome(cluster, a + i, previous) if chrome else cluster, embedder, words)
            previous = cluster
            if got is not None:
                xs.append(got[0])
                ys.append(got[1])
                groups.append(np.full(len(got[1]), a + i, dtype=np.int32))
        if not xs:
            return    # past the end of the file
        tmp = target.with_suffix(".tmp.npz")
        np.savez_compressed(tmp, x=np.concatenate(xs), y=np.concatenate(ys), cluster=np.concatenate(groups))
        tmp.rename(target)
        print(f"features: {target.name} ({len(xs)} clusters, {sum(map(len, ys)):,} concepts) "
              f"in {time.perf_counter() - t0:.0f} s", flush=True)
        if len(xs) < b - a:
            return


def load_shards(folder: Path, name: str, clusters: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for shard in sorted(folder.glob(f"{name}-*.npz")):
        data = np.load(shard)
        keep = slice(None) if clusters is None else data["cluster"] < clusters
        xs.append(data["x"][keep])
        ys.append(data["y"][keep])
    if not xs:
        raise SystemExit(f"no feature shards {folder}/{name}-*.npz: run the features step first")
    return np.concatenate(xs), np.concatenate(ys)


# ---- step 3: fit -------------------------------------------------------------------------------
def fit_early_stopped(params: dict, features, train: tuple, valid: tuple, rounds: int, patience: int):
    """A LightGBM model fitted on `train` (x, y), stopped when `valid` stops improving for `patience`
    rounds; with the seconds it took. The selection models' one fitting step."""
    import lightgbm

    t0 = time.perf_counter()
    data = lightgbm.Dataset(*train, feature_name=list(features), free_raw_data=True)
    booster = lightgbm.train(params, data, num_boost_round=rounds, valid_sets=[lightgbm.Dataset(*valid, reference=data)],
                             callbacks=[lightgbm.early_stopping(patience, verbose=False)])
    return booster, round(time.perf_counter() - t0, 1)


def fit(folder: Path, sizes: list[int], out: Path, words_path: Path) -> dict:
    x_val, y_val = load_shards(folder, "multinews-val")
    neus_x, neus_y = load_shards(folder, "neus-train")
    curve, booster = [], None
    for n in sizes:
        x, y = load_shards(folder, "multinews-train", n)
        x, y = np.concatenate([x, neus_x]), np.concatenate([y, neus_y])
        booster, seconds = fit_early_stopped(PARAMS, FEATURES, (x, y), (x_val, y_val), rounds=600, patience=40)
        best = booster.best_score["valid_0"]
        curve.append({"multinews_train_clusters": n, "neus_train_clusters": "all", "rows": int(len(y)),
                      "trees": booster.best_iteration, "seconds": seconds,
                      "val_auc": round(best["auc"], 4), "val_log_loss": round(best["binary_logloss"], 4)})
        print("fit:", json.dumps(curve[-1]), flush=True)
    out.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(out / MODEL_FILE), num_iteration=booster.best_iteration)
    if words_path != out / WORDS_FILE:
        (out / WORDS_FILE).write_bytes(words_path.read_bytes())
    gain = booster.feature_importance("gain")
    record = {"params": PARAMS, "curve": curve, "validation": f"Multi-News val {VAL_FROM + 1}-{VAL_TO}",
              "feature_gain": {f: round(float(g / gain.sum()), 4) for f, g in
                               sorted(zip(FEATURES, gain), key=lambda t: -t[1])}}
    (out / "training.json").write_text(json.dumps(record, indent=2) + "\n")
    return record


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=("words", "features", "fit", "all"))
    parser.add_argument("--work", type=Path, default=Path("runs/selection"), help="features and the word table")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where the model and its card's data go")
    parser.add_argument("--clusters", type=int, default=10_000, help="Multi-News train clusters to learn from")
    parser.add_argument("--curve", default="1000,5000,10000", help="training sizes of the learning curve")
    args = parser.parse_args(argv)
    words_path = args.work / WORDS_FILE
    if args.step in ("words", "all") and not words_path.exists():
        build_words(words_path)
    if args.step in ("features", "all"):
        from summarizer.pipeline.embed import Embedder

        words, embedder = WordStats.load(words_path), Embedder()
        features = args.work / "features"
        build_features("multinews-val", MULTINEWS_VAL, VAL_FROM, VAL_TO, features, words, embedder)
        build_features("neus-train", NEUS_TRAIN, 0, None, features, words, embedder)
        build_features("multinews-train", MULTINEWS_TRAIN, 0, args.clusters, features, words, embedder, chrome=True)
    if args.step in ("fit", "all"):
        sizes = sorted({min(int(s), args.clusters) for s in args.curve.split(",")})
        fit(args.work / "features", sizes, args.out, words_path)


if __name__ == "__main__":
    main()
