"""Style of a summary: how abstractive (novel n-grams), how redundant (repeated n-grams), how long.

Tokens are lowercase words (punctuation dropped), as in the usual novel n-gram analyses
(See et al. 2017; Fabbri et al. 2019 report them for Multi-News):

- ``novel_{n}gram``: share of the summary's distinct n-grams that appear in no source document;
  0 for a purely extractive summary, higher for a more abstractive one.
- ``repeated_{n}gram``: share of the summary's n-gram occurrences that repeat an earlier one in the
  same summary; a redundant summary says the same thing twice.
- ``words`` and ``sentences``: length (sentences as the pipeline splits them, or newline-separated
  lines when the summary is already split one sentence per line, as for ROUGE-Lsum).
"""
from __future__ import annotations

import re
from functools import lru_cache

from summarizer.pipeline.segment import split_text

NGRAM_SIZES = (1, 2, 3)
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def tokens(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def ngrams(words: list[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]


def sentences(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        return lines
    return [s.strip() for s in split_text(text) if s.strip()]


@lru_cache(maxsize=64)
def _source_ngrams(sources: tuple[str, ...]) -> dict[int, set[tuple[str, ...]]]:
    out: dict[int, set] = {n: set() for n in NGRAM_SIZES}
    for doc in sources:
        words = tokens(doc)
        for n in NGRAM_SIZES:
            out[n].update(ngrams(words, n))
    return out


def novel_ngram_rates(summary: str, sources: list[str]) -> dict[str, float | None]:
    """Share of distinct summary n-grams (n = 1..3) absent from all sources; None if too short."""
    words = tokens(summary)
    source = _source_ngrams(tuple(sources))
    out = {}
    for n in NGRAM_SIZES:
        grams = set(ngrams(words, n))
        out[f"novel_{n}gram"] = len(grams - source[n]) / len(grams) if grams else None
    return out


def repeated_ngram_rates(summary: str) -> dict[str, float | None]:
    """Share of n-gram occurrences that repeat an earlier one in the summary; None if too short."""
    words = tokens(summary)
    out = {}
    for n in NGRAM_SIZES:
        grams = ngrams(words, n)
        out[f"repeated_{n}gram"] = (len(grams) - len(set(grams))) / len(grams) if grams else None
    return out


def length(summary: str) -> dict[str, int]:
    return {"words": len(tokens(summary)), "sentences": len(sentences(summary)) if summary.strip() else 0}


def style(summary: str, sources: list[str]) -> dict:
    return {**novel_ngram_rates(summary, sources), **repeated_ngram_rates(summary), **length(summary)}


def style_scores(summaries: list[str], sources: list[list[str]]) -> dict:
    """Batch form: {"items": [...], "status": "ok"}."""
    return {"items": [style(s, docs) for s, docs in zip(summaries, sources)], "status": "ok"}
