"""Print the seed cluster's and the demo example's fusion summaries, each sentence with how it was
made (rewrite, copy, fallback and why) and the report sentences that back it, for a reader to check.

    python eval/scripts/fusion_examples.py [--max-words 120] [--model PATH]
"""
from __future__ import annotations

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = (("seed cluster (../shared/data/seeds)", REPO.parent / "shared" / "data" / "seeds"),
            ("demo example (summarizer/demo/examples/summit)", REPO / "summarizer" / "demo" / "examples" / "summit"))


def main() -> int:
    from summarizer import Summarizer
    from summarizer.evaluation.systems import sentence_record

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--max-words", type=int, default=120)
    p.add_argument("--model", default=None, help="another fusion checkpoint (default: the shipped one)")
    args = p.parse_args()
    summarizer = Summarizer(engine="fusion", model=args.model)
    for label, folder in EXAMPLES:
        summary = summarizer.summarize(sorted(folder.glob("*.txt")), max_words=args.max_words)
        print(f"### {label}, {args.max_words} words\n")
        for k, sentence in enumerate(summary.sentences, 1):
            record = sentence_record(sentence)
            why = f"; rejected: {', '.join(record['rejected'])}" if record["rejected"] else ""
            print(f"{k}. [{record['kind']}{why}] **{sentence.text}**")
            for ref in sentence.sources:
                print(f"   - report {ref.doc + 1}, sentence {ref.sentence + 1}: {ref.text}")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
