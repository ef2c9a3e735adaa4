"""The report sentences a rule of selection's `sentence_quality` never lets a summary pick, to read.

    python eval/scripts/quality_rule_lines.py 1001 2600 --rule imperative     # Multi-News val 1001-2600 (1-based)

Each cluster is cleaned and split as at inference; printed: the cluster number and each sentence the rule
flags, then how many sentences were read and flagged. Rules: `first-person` (`text.speaks_unnamed`),
`second-person` (`text.addresses_reader`), `imperative` (`imperatives.commands_reader`).
"""
from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from summarizer.api import as_documents
from summarizer.pipeline.clean import clean_cluster
from summarizer.pipeline.imperatives import commands_reader
from summarizer.pipeline.segment import split_sentences
from summarizer.text import addresses_reader, speaks_unnamed

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "multinews" / "val.jsonl.gz"
RULES = {"first-person": speaks_unnamed, "second-person": addresses_reader, "imperative": commands_reader}


def cleaned_sentences(path: Path, first: int, last: int):
    """(cluster number, sentence) of Multi-News val clusters `first`-`last` (1-based), cleaned and split as at
    inference."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if number > last:
                break
            if number >= first:
                for doc in clean_cluster(as_documents(json.loads(line)["documents"])).documents:
                    for sentence in split_sentences(doc):
                        yield number, sentence


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("first", type=int)
    parser.add_argument("last", type=int)
    parser.add_argument("--rule", choices=list(RULES), default="imperative")
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    rule = RULES[args.rule]
    read = flagged = 0
    for number, sentence in cleaned_sentences(args.data, args.first, args.last):
        read += 1
        if rule(sentence.text):
            flagged += 1
            print(number, "|", sentence.text[:200], flush=True)
    print(f"{read} sentences read, {flagged} flagged by the {args.rule} rule")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
