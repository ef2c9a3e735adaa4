"""Choose the fusion engine's settings on held-out validation clusters (not the evaluation slice).

    python eval/scripts/fusion_settings.py --set multinews --start 1000 --limit 30 \
        --try budget_stretch=1.0 --try budget_stretch=1.25 --try budget_stretch=1.5

Each `--try` is a set of engine options (comma-separated key=value); the extractive engine is
always scored too. Prints ROUGE F1 x100 (rouge_score, stemmed, averaged over references), the
share of novel bigrams (summary bigrams absent from the sources) and the share of fallback sentences.
The evaluation slices (Multi-News val 1-500, NeuS val) are reported with `mds eval run` instead.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
SETS = {"multinews": ("multinews/val.jsonl.gz", 230), "neus": ("neus/val.jsonl.gz", 75),
        "neus-train": ("neus/train.jsonl.gz", 75)}


def bigrams(text: str) -> set[tuple[str, str]]:
    words = [w.lower().strip(".,;:!?\"'“”’") for w in text.split()]
    return set(zip(words, words[1:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, default="multinews")
    parser.add_argument("--start", type=int, default=1000, help="skip this many clusters first")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--try", dest="tries", action="append", default=[], metavar="K=V,...")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()

    from summarizer import Summarizer
    from summarizer.engines import parse_engine_options
    from summarizer.evaluation.rouge_core import rouge_scores
    from summarizer.pipeline.embed import Embedder

    path, budget = SETS[args.set]
    with gzip.open(DATA / path, "rt", encoding="utf-8") as f:
        clusters = [json.loads(line) for line in itertools.islice(f, args.start, args.start + args.limit)]
    embedder = Embedder()
    systems = [("extractive", {})] + [("fusion", parse_engine_options(filter(None, t.split(","))))
                                          for t in args.tries or [""]]
    print(f"{args.set} val clusters {args.start + 1}-{args.start + len(clusters)}, {budget} words")
    for engine, options in systems:
        model = args.model if engine == "fusion" else None
        summarizer = Summarizer(engine=engine, model=model, embedder=embedder, **options)
        summaries = [summarizer.summarize(c["documents"], max_words=budget) for c in clusters]
        texts = ["\n".join(s.text for s in summary.sentences) for summary in summaries]
        scores = rouge_scores(texts, [c["references"] for c in clusters])
        mean = {k: 100 * sum(s[k] for s in scores) / len(scores) for k in scores[0]}
        novel = [len(bigrams(t) - bigrams(" ".join(c["documents"]))) / max(1, len(bigrams(t)))
                 for t, c in zip(texts, clusters)]
        sentences = [s for summary in summaries for s in summary.sentences]
        fallback = sum("fallback-extractive" in s.flags for s in sentences) / max(1, len(sentences))
        words = sum(len(t.split()) for t in texts) / len(texts)
        print(f"{engine:10s} {json.dumps(options):40s} R1 {mean['rouge1']:.2f} R2 {mean['rouge2']:.2f} "
              f"RL {mean['rougeL']:.2f} RLsum {mean['rougeLsum']:.2f} words {words:.0f} "
              f"novel2 {100 * sum(novel) / len(novel):.1f}% fallback {100 * fallback:.0f}%", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
