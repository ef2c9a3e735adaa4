"""Rules tried from a fresh read, counted on the older hand-read verdicts before any is kept (session 27).

    python eval/scripts/candidate_rules.py [--before-read 3021-3060]

For each candidate check of what a rewrite keeps (`used`) and cuts of a source sentence: how many of the verdicts
read before `--before-read` it flags, and how many of those are true (each a true rewrite it would turn away).
A rule is kept only where what it flags is (nearly) all wrong:
- `cut-quotation`: a word of a quotation cut before a word of it that is kept (kept, `fusion/alignment.py`);
- `compound-cut`: a compound word cut between two kept words, its head kept ("the area rapid transit" from
  "the bay area rapid transit"; not kept);
- `series-det`: a list cut after an item whose next item opens on an article, the kept words already listing one
  item after a comma ("including the department of homeland security, the u.s. coast guard"; not kept);
- `opening-of`: an opening "Of X," cut while a number is kept ("90 % were in favour" from "Of the 43 % who voted,
  90 % were in favour"; kept, as part of `cut-period`).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from summarizer.fusion import alignment
from summarizer.fusion.alignment import (
    _aligned_positions,
    _cut_inside_quotation,
    _cut_items_follow,
    _parse,
    align,
    folded_tokens,
)

VERDICTS = Path(__file__).resolve().parents[1] / "data" / "fusion_verdicts.jsonl"


def compound_cut(parse, toks, used) -> bool:
    return any(k not in used and dep == "compound" and parse.pos[k] in ("NOUN", "PROPN") and k - 1 in used
               and k + 1 in used and parse.heads[k] in used and parse.pos[k + 1] in ("NOUN", "PROPN")
               for k, dep in enumerate(parse.deps))


def series_det(parse, toks, used) -> bool:
    for e in range(1, len(toks) - 2):
        if (toks[e] != "," or e in used or e - 1 not in used or parse.pos[e - 1] not in ("NOUN", "PROPN")
                or toks[e + 1] not in ("the", "a", "an")
                or not any(toks[i] == "," and i in used for i in range(e - 1))):
            continue
        if _cut_items_follow(parse, toks, used, e):     # `_cut_series` with an article after the comma
            return True
    return False


kept_scopes = alignment.NUMBER_SCOPES


def opening_of(parse, toks, used) -> bool:
    """What `cut-period` flags with "of" among its number scopes and not without it."""
    if not alignment._cut_period(parse, toks, used):
        return False
    alignment.NUMBER_SCOPES = tuple(w for w in kept_scopes if w != "of")
    try:
        return not alignment._cut_period(parse, toks, used)
    finally:
        alignment.NUMBER_SCOPES = kept_scopes


RULES = {"cut-quotation": lambda parse, toks, used: _cut_inside_quotation(toks, used),
         "compound-cut": compound_cut, "series-det": series_det, "opening-of": opening_of}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before-read", default="3021-3060", help="count the verdicts of reads before this one")
    args = parser.parse_args()
    first = int(args.before_read.split("-")[0])
    rows = [json.loads(line) for line in VERDICTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if int(r["clusters"].split("-")[0]) < first]
    print(f"{len(rows)} verdicts read before {args.before_read}")
    for name, rule in RULES.items():
        flagged = [r for r in rows if any(rule(_parse(r["sources"][j]), folded_tokens(r["sources"][j]), used)
                                          for j, used in _aligned_positions(align(r["candidate"], r["sources"])).items())]
        print(f"{name}: flags {len(flagged)}, {sum(r['label'] for r in flagged)} of them true")
        for r in flagged:
            print(f"   {'true ' if r['label'] else 'wrong'} | {r['candidate'][:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
