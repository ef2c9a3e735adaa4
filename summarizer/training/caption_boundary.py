"""Train the caption boundary model (`summarizer/pipeline/caption_boundary.py`).

    python -m summarizer.training.caption_boundary all      # words, data, fit: the shipped model

Self-supervised: no page tells where a BBC caption ends, but any two consecutive sentences of a report, with
the first one's full stop dropped and both lowercased, make the same puzzle with a known answer
("... a government report has revealed | the government accountability office said ..."). The hand-labelled
chrome sets (eval/data/chrome_labels*.jsonl) are never trained on: their captions are the test.

1. `words`: how often each word starts and ends a sentence of Multi-News train clusters [0, WORD_CLUSTERS),
   cut as the cleaner cuts them (`segment.sentence_spans`).
2. `data`: glued pairs from Multi-News train clusters [PAIR_FROM, ...): the first sentence of CAPTION_WORDS
   words or fewer (a caption's length), the second a full sentence; a share of single sentences with no
   boundary in them. Parsed as at inference; one row per candidate boundary.
3. `fit`: LightGBM, binary (is this the boundary), early-stopped on a held-out tenth of the pairs.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np

from summarizer.pipeline.caption_boundary import (
    CAPTION_WORDS,
    MODEL_FILE,
    PAIR_BUCKETS,
    PAIRS_FILE,
    WORDS_FILE,
    WordEdges,
    candidates,
    features,
    pair_bucket,
    stored_pair_counts,
)
from summarizer.pipeline.segment import sentence_spans
from summarizer.training.selection import MULTINEWS_TRAIN, read

WORD_CLUSTERS = 8_000
MIN_COUNT = 20              # words rarer than this are left out of the table (read as unknown)
PAIR_FROM = 30_000          # apart from the clusters the word table counts
PAIRS = 30_000
SINGLE_SHARE = 0.2          # texts with no boundary in them: a caption alone, a report sentence alone
SEED = 7
PARAMS = {"objective": "binary", "learning_rate": 0.1, "num_leaves": 63, "min_data_in_leaf": 40,
          "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
          "seed": SEED, "deterministic": True, "num_threads": 2, "verbose": -1}
ROUNDS, PATIENCE = 2000, 50


def build_words(out: Path = WORDS_FILE) -> None:
    from summarizer.fusion.alignment import dependency_parser

    tokenizer = dependency_parser().tokenizer
    total, starts, ends, pairs = Counter(), Counter(), Counter(), Counter()
    for cluster in read(MULTINEWS_TRAIN, 0, WORD_CLUSTERS):
        for doc in cluster["documents"]:
            for a, b in sentence_spans(doc):
                words = [t.lower_ for t in tokenizer(doc[a:b]) if t.is_alpha or t.like_num]
                if len(words) < 3:
                    continue
                total.update(words)
                pairs.update(zip(words, words[1:]))
                starts[words[0]] += 1
                ends[words[-1]] += 1
    table = np.zeros(PAIR_BUCKETS, dtype=np.int64)
    for (w1, w2), n in pairs.items():
        table[pair_bucket(w1, w2)] += n
    np.savez_compressed(PAIRS_FILE, counts=stored_pair_counts(table))
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(b"word\tcount\tstarts\tends\n")
        for w, n in sorted(total.items()):
            if n >= MIN_COUNT:
                f.write(f"{w}\t{n}\t{starts[w]}\t{ends[w]}\n".encode())
    print(f"{sum(1 for n in total.values() if n >= MIN_COUNT)} words -> {out}")


def glued_texts(n: int, seed: int = SEED):
    """(text, boundary offset or None) from consecutive report sentences, lowercased as BBC pages come."""
    rng = random.Random(seed)
    made = 0
    for cluster in read(MULTINEWS_TRAIN, PAIR_FROM, None):
        for doc in cluster["documents"]:
            spans = sentence_spans(doc)
            pairs = list(zip(spans[1:], spans[2:]))     # not the page's first sentence: chrome sits there
            rng.shuffle(pairs)
            for (a1, b1), (a2, b2) in pairs:
                first, second = doc[a1:b1], doc[a2:b2]
                if not (second[-1:] in ".!?" and 6 <= len(second.split()) <= 60):
                    continue
                if rng.random() < SINGLE_SHARE:
                    yield second.lower(), None
                elif first.endswith(".") and first[-2:-1].isalnum() and 4 <= len(first.split()) <= CAPTION_WORDS:
                    caption = first[:-1].lower()
                    yield f"{caption} {second.lower()}", len(caption) + 1
                else:
                    continue
                made += 1
                if made >= n:
                    return
                break           # one text a document: more documents, more kinds of writing


def build_data(out: Path, n: int = PAIRS) -> None:
    from summarizer.fusion.alignment import dependency_parser

    nlp, edges = dependency_parser(), WordEdges.load()
    texts = list(glued_texts(n))
    rows, labels, groups = [], [], []
    t0 = time.time()
    for g, (doc, (_text, boundary)) in enumerate(zip(nlp.pipe([t for t, _ in texts], batch_size=128), texts)):
        ks = candidates(doc)
        if not ks:
            continue
        rows.append(features(doc, ks, edges))
        labels.append(np.array([doc[k].idx == boundary for k in ks], dtype=np.float32))
        groups.append(np.full(len(ks), g, dtype=np.int32))
        if g % 2000 == 0:
            print(f"  {g}/{len(texts)} texts parsed ({time.time() - t0:.0f} s)", flush=True)
    np.savez_compressed(out, x=np.concatenate(rows), y=np.concatenate(labels), group=np.concatenate(groups))
    print(f"{len(texts)} texts, {sum(len(r) for r in rows)} candidates -> {out}")


def fit(data: Path, out: Path = MODEL_FILE) -> dict:
    import lightgbm as lgb

    d = np.load(data)
    x, y, group = d["x"], d["y"], d["group"]
    held = group % 10 == 0
    train = lgb.Dataset(x[~held], y[~held])
    valid = lgb.Dataset(x[held], y[held], reference=train)
    booster = lgb.train(PARAMS, train, ROUNDS, valid_sets=[valid],
                        callbacks=[lgb.early_stopping(PATIENCE, verbose=False)])
    booster.save_model(str(out), num_iteration=booster.best_iteration)
    p = booster.predict(x[held], num_iteration=booster.best_iteration)
    report = {"rounds": booster.best_iteration, "held_out_texts": int(len(np.unique(group[held]))),
              "held_out": boundary_scores(p, y[held], group[held])}
    print(json.dumps(report, indent=1))
    return report


def boundary_scores(p: np.ndarray, y: np.ndarray, group: np.ndarray) -> dict:
    """Per text, at each threshold: a cut made where the best candidate scores at or above it, and whether
    that cut is the right one."""
    out = {}
    order = np.argsort(group, kind="stable")
    p, y, group = p[order], y[order], group[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    best = np.maximum.reduceat(p, starts)
    arg = np.array([s + int(np.argmax(p[s:e])) for s, e in zip(starts, np.r_[starts[1:], len(p)])])
    has = np.maximum.reduceat(y, starts) > 0
    for t in (0.3, 0.5, 0.7, 0.9):
        cut = best >= t
        right = cut & (y[arg] > 0)
        out[str(t)] = {"cuts": int(cut.sum()), "right": int(right.sum()), "with_boundary": int(has.sum()),
                       "precision": round(float(right.sum() / max(1, cut.sum())), 4),
                       "recall": round(float(right.sum() / max(1, has.sum())), 4)}
    return out


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("step", choices=["words", "data", "fit", "all"])
    p.add_argument("--work", type=Path, default=Path("runs/caption_boundary"))
    p.add_argument("--pairs", type=int, default=PAIRS)
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    data = args.work / "candidates.npz"
    if args.step in ("words", "all"):
        build_words()
    if args.step in ("data", "all"):
        build_data(data, args.pairs)
    if args.step in ("fit", "all"):
        fit(data)


if __name__ == "__main__":
    main()
