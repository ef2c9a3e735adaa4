"""Step 3 of the data flow: split a cleaned document into sentences with character spans.

Paragraphs (lines) are split first, so a headline without a full stop never swallows the next
sentence; pysbd then splits each paragraph. Spans are found by searching the sentence text from a
cursor, so `doc.text[s.start:s.end] == s.text` always holds.
"""
from __future__ import annotations

import re
from functools import lru_cache

from summarizer.types import CleanDocument, Sentence

MIN_WORDS = 4          # shorter fragments ("Read more.", "AP") carry no fact worth citing
MIN_LETTERS = 12

_PARAGRAPH = re.compile(r"[^\n]+")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _is_fragment(text: str) -> bool:
    words = text.split()
    return len(words) < MIN_WORDS or sum(c.isalpha() for c in text) < MIN_LETTERS


def _pieces(paragraph: str) -> list[str]:
    """Sentence strings of one paragraph (pysbd; a regex fallback if it fails on odd input)."""
    try:
        return _segmenter().segment(paragraph)
    except Exception:  # pysbd raises on a few pathological strings; a rough split beats a crash
        return re.split(r"(?<=[.!?])\s+(?=[A-Z\"'“])", paragraph)


def split_sentences(doc: CleanDocument) -> list[Sentence]:
    """Sentences of `doc` in order; `Sentence.doc` is `doc.index`, `index` counts kept sentences."""
    text = doc.text
    out: list[Sentence] = []
    for para in _PARAGRAPH.finditer(text):
        if not para.group().strip():
            continue
        cursor = para.start()
        for piece in _pieces(para.group()):
            piece = piece.strip()
            if not piece:
                continue
            start = text.find(piece, cursor, para.end())
            if start < 0:  # the splitter changed the text (should not happen with clean=False)
                continue
            end = start + len(piece)
            cursor = end
            if _is_fragment(piece):
                continue
            out.append(Sentence(doc=doc.index, index=len(out), text=piece, start=start, end=end))
    return out
