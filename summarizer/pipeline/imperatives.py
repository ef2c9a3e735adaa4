"""Sentences that tell their reader what to do ("Click on each dish name to get the recipe.", "Join over
300,000 finance professionals who ..."): a page's voice, a how-to step or an ad, not what a report says.

A sentence counts when, outside quotation marks, it opens on one of the words that open imperatives in news
pages, mined from Multi-News and NeuS train by parsing (`summarizer/training/imperatives.py`, shipped as
`models/chrome/imperative_openers.tsv`), and names no one saying it. A word list, not a parse at run time:
selection asks about every sentence of a cluster, and spaCy's load would double the extractive engine's cold
start.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from summarizer.text import QUOTE_MARKS, STOPWORDS, names_speaker

OPENERS = Path(__file__).resolve().parents[1] / "models" / "chrome" / "imperative_openers.tsv"
# the first word, not a possessive ("Trump's ...") nor the first part of a compound ("Buy-in from ...")
_FIRST_WORD = re.compile(r"([A-Za-z]+)\b(?!\s?['’]\s?s\b|-\w)")


def first_word(text: str) -> str | None:
    """The sentence's first word, lower-cased, when it could be a verb's base form: not inside a quotation,
    not a function word, not ending as a past tense, a participle, an adverb or a third person does
    ("-ed", "-ing", "-ly", "-s" but "-ss"); else None."""
    stripped = text.lstrip()
    if not stripped or stripped[0] in QUOTE_MARKS:
        return None
    m = _FIRST_WORD.match(stripped)
    if m is None:
        return None
    word = m.group(1).lower()
    if word in STOPWORDS or len(word) < 3 or word.endswith(("ed", "ing", "ly")) or (
            word.endswith("s") and not word.endswith("ss")):
        return None
    return word


@lru_cache(maxsize=1)
def openers() -> frozenset[str]:
    """The mined words (empty when the list is missing: no sentence is then taken for one)."""
    if not OPENERS.exists():
        return frozenset()
    rows = [line.split("\t") for line in OPENERS.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return frozenset(row[0] for row in rows)


def commands_reader(text: str) -> bool:
    """The sentence opens on a verb telling its reader what to do and names no one saying it."""
    word = first_word(text)
    return word is not None and word in openers() and not names_speaker(text)
