"""Accepted fusion rewrites drawn at random from Multi-News validation clusters 1001+ (never the
evaluation set's first 500), each beside the report sentences it cites, for a person to judge.

    python eval/scripts/fusion_samples.py --n 50 --out docs/fusion-rewrites.md [--model CHECKPOINT]

Writes a Markdown list with an empty "verdict" line under each rewrite; the reader fills it in.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
from pathlib import Path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=50)
    p.add_argument("--data", default="../shared/data/multinews/val.jsonl.gz")
    p.add_argument("--start", type=int, default=1001, help="first cluster (1-based) to draw from")
    p.add_argument("--clusters", type=int, default=40, help="how many clusters to summarize")
    p.add_argument("--max-words", type=int, default=230)
    p.add_argument("--model", default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("docs/fusion-rewrites.md"))
    args = p.parse_args()

    from summarizer import Summarizer
    from summarizer.errors import InputError
    from summarizer.evaluation.systems import sentence_record

    rng = random.Random(args.seed)
    with gzip.open(args.data, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for k, line in enumerate(f, 1) if args.start <= k < args.start + args.clusters]
    summarizer = Summarizer(engine="fusion", model=args.model)
    found, skipped = [], []
    for row in rows:
        try:
            summary = summarizer.summarize(row["documents"], max_words=args.max_words)
        except InputError as error:     # a cluster that is all page chrome has nothing to summarize
            skipped.append(f"{row['id']} ({error})")
            continue
        for sentence in summary.sentences:
            if sentence_record(sentence)["kind"] == "rewrite":
                found.append((row["id"], sentence))
    chosen = rng.sample(found, min(args.n, len(found)))
    lines = [f"# {len(chosen)} accepted fusion rewrites, read against their sources", "",
             f"Drawn at random (seed {args.seed}) from the {len(found)} accepted rewrites in the `fusion` summaries "
             f"of Multi-News validation clusters {args.start}–{args.start + len(rows) - 1} at {args.max_words} words "
             f"(`python eval/scripts/fusion_samples.py --n {args.n} --start {args.start} --clusters {args.clusters}`). "
             "Verdict: true (every claim stated by a cited sentence) and grammatical, or what is wrong.", ""]
    if skipped:
        lines += [f"Clusters with no summary (skipped): {'; '.join(skipped)}.", ""]
    for k, (cluster_id, sentence) in enumerate(chosen, 1):
        lines.append(f"{k}. **{sentence.text}** (cluster {cluster_id}; wording from {len(sentence.drawn_from)} report(s))")
        lines += [f"   - source (report {r.doc + 1}): {r.text}" for r in sentence.sources]
        lines += ["   - verdict: ", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"{len(chosen)} of {len(found)} rewrites written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
