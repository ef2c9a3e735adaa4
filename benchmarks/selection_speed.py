"""Selection time, warm: the seed cluster at 150 words and DUC 2006 clusters (25 reports) at 250 words.

Each cluster is prepared once (cleaning, embeddings, facts: not timed); then selection (salience,
concepts, the ILP) runs `--repeat` times, each as on a new cluster (selection's cache of sentence
quality and chrome emptied first), and the median is reported, with the method used (an ILP
that ran out of time says "greedy" or "ilp-incumbent"), for each set of concept weights side by side
(learned, then hand). Targets: seeds <= 0.3 s, DUC <= 1 s.

    python benchmarks/selection_speed.py --duc-topics 5
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "data" / "seeds"
DUC = REPO.parent / "shared" / "data" / "duc2006"


def forget_sentences() -> None:
    """Each run as on a cluster selection has not seen: its caches of sentence quality emptied."""
    from summarizer.pipeline.boilerplate import is_chrome_sentence
    from summarizer.pipeline.select import sentence_quality

    sentence_quality.cache_clear()
    is_chrome_sentence.cache_clear()


def timed(cluster, max_words: int, repeat: int, weights) -> tuple[float, str]:
    from summarizer.pipeline.select import select

    seconds, method = [], ""
    for _ in range(repeat):
        forget_sentences()
        t0 = time.perf_counter()
        chosen = select(cluster.sentences, cluster.embeddings, cluster.facts, max_words, weights,
                        loaded=cluster.loaded)
        seconds.append(time.perf_counter() - t0)
        method = chosen.method
    return statistics.median(seconds), method


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--duc-topics", type=int, default=3, help="DUC 2006 topics to time (default 3)")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--strategy", default="coverage")
    p.add_argument("--concept-weights", nargs="+", default=["learned", "hand"])
    args = p.parse_args(argv)
    from summarizer.api import as_documents
    from summarizer.evaluation.duc_data import read_duc2006
    from summarizer.pipeline.embed import Embedder
    from summarizer.pipeline.prepare import prepare
    from summarizer.pipeline.select import SelectionWeights

    embedder = Embedder()
    systems = {name: SelectionWeights(strategy=args.strategy, concept_weights=name) for name in args.concept_weights}
    seeds = prepare(as_documents(sorted(SEEDS.glob("*.txt"))), embedder)
    for weights in systems.values():
        timed(seeds, 150, 1, weights)   # warm: imports, lexicon, TF-IDF, the model
    clusters = [("seeds", seeds, 150)] + [(f"DUC {row['id']}", prepare(as_documents(row["documents"]), embedder), 250)
                                          for row in read_duc2006(DUC)[:args.duc_topics]]
    for label, cluster, words in clusters:
        times = {name: timed(cluster, words, args.repeat, weights) for name, weights in systems.items()}
        print(f"{label}: {len(cluster.sentences)} sentences, {len(cluster.documents)} reports, {words} words: "
              + ", ".join(f"{name} {seconds:.3f} s ({method})" for name, (seconds, method) in times.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
