"""Count summary sentences that run two sentences together after a quotation, as the segmenter split
them before session 18 (Multi-News lower-cases the sentence after a quote: '... "sordid affair. " democratic
national committee chairwoman ...').

    python eval/scripts/quotation_run_ons.py runs/eval/s17-mn/predictions/extractive.jsonl [more.jsonl ...]

Reads the harness's predictions (one JSON object per cluster, its summary one sentence per line) and prints,
per file, the summaries and sentences in which a full stop closes a quotation and a lower-case word follows
(`segment.after_closed_quotations`, the rule that now splits them), with a few examples.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarizer.pipeline.segment import after_closed_quotations


def run_ons(summary: str) -> list[str]:
    """The sentences (lines) of `summary` that the quotation rule would cut in two."""
    return [line for line in summary.splitlines() if len(after_closed_quotations(line, 0, len(line))) > 1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("predictions", nargs="+", type=Path)
    p.add_argument("--examples", type=int, default=3)
    args = p.parse_args()
    for path in args.predictions:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        found = [run_ons(row.get("summary", "")) for row in rows]
        sentences = sum(len(row.get("summary", "").splitlines()) for row in rows)
        print(f"{path}: {sum(bool(f) for f in found)} of {len(rows)} summaries, "
              f"{sum(len(f) for f in found)} of {sentences} sentences run on after a quotation")
        for line in [line for f in found for line in f][:args.examples]:
            print(f"   {line[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
