"""What the chrome filter of `prepare()` removes from real reports, for a person to read.

    python eval/scripts/chrome_filter_removals.py mn:1201-1400 neus:151-307 duc
    python eval/scripts/chrome_filter_removals.py mn:1001-1200 --scores 0.95    # the model's near misses too

For each slice (Multi-News or NeuS validation clusters by 1-based position, or DUC 2006's 50 topics), the
clusters are prepared without the filter, then every sentence its model scores at the threshold (or at
`--scores`) and every pasted unrelated line (`chrome_filter.pasted_unrelated`) is printed with its score,
followed by the counts. Verdicts read from such lists are kept in eval/data/chrome_filter_reads.jsonl.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from summarizer.api import as_documents  # noqa: E402
from summarizer.errors import InputError  # noqa: E402
from summarizer.pipeline import chrome_filter  # noqa: E402
from summarizer.pipeline.prepare import prepare  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
FILES = {"mn": DATA / "multinews" / "val.jsonl.gz", "neus": DATA / "neus" / "val.jsonl.gz"}


def clusters(spec: str):
    """(name, documents) of each cluster of a slice "mn:LO-HI", "neus:LO-HI" or "duc"."""
    if spec == "duc":
        from summarizer.evaluation.duc_data import read_duc2006

        for c in read_duc2006(DATA / "duc2006"):
            yield c["id"], c["documents"]
        return
    name, span = spec.split(":")
    lo, hi = map(int, span.split("-"))
    with gzip.open(FILES[name], "rt", encoding="utf-8") as f:
        for k, line in enumerate(itertools.islice(f, lo - 1, hi), lo):
            yield f"{name}:{k}", json.loads(line)["documents"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("slices", nargs="+", help='"mn:LO-HI", "neus:LO-HI" or "duc"')
    parser.add_argument("--scores", type=float, default=None, help="list the model's scores from this one up")
    args = parser.parse_args(argv)
    from summarizer.pipeline.embed import Embedder

    embedder = Embedder()
    threshold = chrome_filter.threshold()
    shown = threshold if args.scores is None else args.scores
    for spec in args.slices:
        n_clusters = n_sentences = by_model = by_rule = 0
        for name, documents in clusters(spec):
            try:
                prepared = prepare(as_documents(documents), embedder, drop_chrome=False)
            except InputError:
                continue
            n_clusters += 1
            n_sentences += len(prepared.sentences)
            p = chrome_filter.chrome_probability(prepared.sentences, prepared.embeddings)
            unrelated = chrome_filter.pasted_unrelated(prepared.sentences, prepared.embeddings,
                                                       chrome_like=p >= chrome_filter.LEANS)
            for s, score, pasted in zip(prepared.sentences, p, unrelated):
                by_model += score >= threshold
                by_rule += bool(pasted and score < threshold)
                if score >= shown or pasted:
                    print(f"  {score:.4f} {'pasted-unrelated ' if pasted else ''}{name} {s.text[:160]}")
        print(f"{spec}: {n_clusters} clusters, {n_sentences:,} sentences; the model removes {by_model} "
              f"(>= {threshold:.2f}), the pasted-line rule {by_rule} more", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
