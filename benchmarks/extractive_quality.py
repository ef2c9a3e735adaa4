"""ROUGE of the extractive engine against the lead baselines (issue 3, item 9).

    python benchmarks/extractive_quality.py --limit 500

scores the first 500 clusters of ../shared/data/multinews/val.jsonl.gz at 230 words and all of
../shared/data/neus/val.jsonl.gz at 75 words with rouge_score F1 (Porter stemming; Lsum on
newline-separated sentences; averaged over references), for `extractive`, `lead` and `lead-rr`
(round-robin lead). Targets: ROUGE-2 >= 15.0 on Multi-News, >= 16.5 on NeuS.

Measured 2026-11-23 (`python benchmarks/extractive_quality.py --limit 500`), ROUGE F1 x 100:

    set        engine      R1     R2     RL     RLsum
    multinews  extractive  44.28  15.10  20.72  39.24
    multinews  lead        36.15  11.62  18.22  32.00
    multinews  lead-rr     42.40  13.50  19.38  37.39
    neus       extractive  39.32  16.88  25.95  33.38
    neus       lead        35.93  14.04  23.62  29.94
    neus       lead-rr     34.76  13.43  22.20  30.06

Sentence embeddings are cached by text in a file (`--cache`, default in the temp folder), so a
second run costs only cleaning, segmentation and selection.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SETS = {  # name: (path, word budget)
    "multinews": (DATA / "multinews" / "val.jsonl.gz", 230),
    "neus": (DATA / "neus" / "val.jsonl.gz", 75),
}
ENGINES = ("extractive", "lead", "lead-rr")


class CachedEmbedder:
    """Wraps `Embedder`, remembering every sentence vector by the hash of its text."""

    def __init__(self, path: Path):
        self.path = path
        self.vectors: dict[str, np.ndarray] = pickle.loads(path.read_bytes()) if path.exists() else {}
        self._inner = None
        self.dirty = False

    def encode(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if missing:
            if self._inner is None:
                from summarizer.pipeline.embed import Embedder

                self._inner = Embedder()
            vectors = self._inner.encode([t for _, t in missing])
            self.vectors.update({k: v for (k, _), v in zip(missing, vectors)})
            self.dirty = True
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([self.vectors[k] for k in keys])

    def save(self) -> None:
        if self.dirty:
            self.path.write_bytes(pickle.dumps(self.vectors))
            self.dirty = False


def read_clusters(path: Path, limit: int | None) -> list[dict]:
    clusters = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            clusters.append(json.loads(line))
            if limit and len(clusters) >= limit:
                break
    return clusters


def newline_sentences(text: str) -> str:
    """One sentence per line, as rougeLsum expects."""
    from summarizer.pipeline.segment import split_text

    return "\n".join(split_text(text))


def score(predictions: list[str], references: list[list[str]]) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=True)
    totals = {k: 0.0 for k in ("rouge1", "rouge2", "rougeL", "rougeLsum")}
    for pred, refs in zip(predictions, references):
        per_ref = [scorer.score(newline_sentences(ref), pred) for ref in refs]
        for k in totals:
            totals[k] += sum(r[k].fmeasure for r in per_ref) / len(per_ref)
    return {k: 100 * v / max(1, len(predictions)) for k, v in totals.items()}


def prepare_all(clusters: list[dict], embedder) -> list:
    from summarizer.pipeline.prepare import prepare
    from summarizer.types import Document

    prepared = []
    for i, c in enumerate(clusters):
        docs = [Document(text=d, name=f"doc {j + 1}") for j, d in enumerate(c["documents"])]
        prepared.append(prepare(docs, embedder))
        if (i + 1) % 100 == 0:
            embedder.save()
            print(f"  prepared {i + 1}/{len(clusters)}", file=sys.stderr)
    embedder.save()
    return prepared


def run(set_name: str, limit: int | None, engines: tuple[str, ...], embedder, options: dict) -> dict:
    from summarizer.engines import build_engine

    path, max_words = SETS[set_name]
    clusters = read_clusters(path, limit)
    t0 = time.perf_counter()
    prepared = prepare_all(clusters, embedder)
    prep_s = time.perf_counter() - t0
    refs = [c["references"] for c in clusters]
    results = {}
    for name in engines:
        engine = build_engine(name, embedder=embedder, **(options if name == "extractive" else {}))
        preds = ["\n".join(s.text for s in engine.summarize(p, max_words).sentences) for p in prepared]
        results[name] = score(preds, refs)
        words = np.mean([len(p.split()) for p in preds])
        print(f"{set_name:9s} {name:10s} n={len(clusters)} budget={max_words} words={words:5.1f} "
              + " ".join(f"{k.upper().replace('ROUGE', 'R')}={v:5.2f}" for k, v in results[name].items()),
              flush=True)
    print(f"  (clean+segment+embed+relate: {prep_s:.1f} s)", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=list(SETS))
    parser.add_argument("--limit", type=int, default=500, help="clusters per set (first N; NeuS has 307)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES))
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "mds_embedding_cache.pkl")
    parser.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                        help="extractive engine option, e.g. --option mmr_lambda=0.6 or --option strategy=mmr")
    args = parser.parse_args(argv)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from summarizer.engines import parse_engine_options

    options = parse_engine_options(args.option)
    embedder = CachedEmbedder(args.cache)
    for set_name in args.sets:
        run(set_name, args.limit, tuple(args.engines), embedder, options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
