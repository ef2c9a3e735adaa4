"""MiniLM's CTranslate2 encoder: time per batch size, side by side, and how far the vectors move.

    python benchmarks/bench_embed_batch.py [--clusters 20] [--rounds 3] [--sizes 16 32 64]

The sentences of Multi-News val clusters 1001.. (cleaned and split as at inference) and of the seed cluster,
each cluster encoded alone (as `prepare()` does), every batch size in turn per round. The int8 activation
scales follow the batch, so another batch size can move the vectors: printed as the largest element difference
and the lowest cosine to batch 64's vectors (the default until session 24; now 32, which gives the same ones).
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import time
from pathlib import Path

import numpy as np

from summarizer.api import as_documents
from summarizer.pipeline.clean import clean_cluster
from summarizer.pipeline.embed import Embedder
from summarizer.pipeline.segment import split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def sentences(documents) -> list[str]:
    cleaned = clean_cluster(as_documents(documents))
    return [s.text for d in cleaned.documents for s in split_sentences(d)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clusters", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[16, 32, 64])
    args = parser.parse_args()
    with gzip.open(SHARED / "multinews" / "val.jsonl.gz", "rt", encoding="utf-8") as f:
        clusters = [sentences(json.loads(line)["documents"]) for line in itertools.islice(f, 1000, 1000 + args.clusters)]
    clusters.append(sentences([p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]))
    model = Embedder()._model
    print(f"{len(clusters)} clusters, {sum(map(len, clusters))} sentences (the seed cluster's: {len(clusters[-1])})")
    seconds = {b: [] for b in args.sizes}
    seed_seconds = {b: [] for b in args.sizes}
    for _ in range(args.rounds):
        for b in args.sizes:
            t = time.perf_counter()
            for c in clusters[:-1]:
                model.encode(c, b)
            seconds[b].append(time.perf_counter() - t)
            t = time.perf_counter()
            model.encode(clusters[-1], b)
            seed_seconds[b].append(time.perf_counter() - t)
    reference = [model.encode(c, 64) for c in clusters]
    for b in args.sizes:
        vectors = [model.encode(c, b) for c in clusters]
        diff = max(float(np.abs(v - r).max()) for v, r in zip(vectors, reference))
        cosine = min(float(np.sum(v * r, 1).min()) for v, r in zip(vectors, reference))
        print(f"batch {b:4d}: Multi-News {' / '.join(f'{s:.2f}' for s in seconds[b])} s, seed "
              f"{' / '.join(f'{s:.2f}' for s in seed_seconds[b])} s; vectors against batch 64: max |diff| {diff:.1e}, "
              f"lowest cosine {cosine:.5f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
