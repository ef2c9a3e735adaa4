"""Step 3 of the data flow: split a cleaned document into sentences with character spans.

Lines are split first, so a headline without a full stop never swallows the next sentence;
sentencex (rule-based, with abbreviation lists, ~50x faster than pysbd here) then splits each
line and gives character offsets, so `doc.text[s.start:s.end] == s.text` always holds.
"""
from __future__ import annotations

import re

from summarizer.pipeline.boilerplate import lead_chrome_length
from summarizer.text import CJK, QUOTE_MARKS, word_count
from summarizer.types import CleanDocument, Sentence

MIN_WORDS = 4          # shorter fragments ("Read more.", "AP", "12:30") carry no fact worth citing
MIN_LETTERS = 12

_LINE = re.compile(r"[^\n]+")
# a Chinese/Japanese sentence: up to its full stop, exclamation or question mark (full-width or not, repeated),
# with the closing quotes or brackets that follow it
_CJK_SENTENCE = re.compile(r"[^。！？!?．]*(?:[。！？!?．]+[」』”’）)\]]*|$)")


def _cjk_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CJK_SENTENCE.finditer(text) if m.group().strip()]


def is_fragment(text: str) -> bool:
    """Too short to carry a fact worth citing (MIN_WORDS, MIN_LETTERS): never a sentence of the cluster."""
    # a Chinese or Japanese character carries about a word: six of them make a short sentence
    min_letters = MIN_LETTERS // 2 if CJK.search(text) else MIN_LETTERS
    return word_count(text) < MIN_WORDS or sum(c.isalpha() for c in text) < min_letters


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, trimmed of surrounding whitespace."""
    import sentencex

    spans = []
    for line in _LINE.finditer(text):
        if not line.group().strip():
            continue
        try:
            bounds = [(b["start_index"], b["end_index"])
                      for b in sentencex.get_sentence_boundaries("en", line.group())]
        except Exception:  # a segmenter failure on odd input must not lose the line
            bounds = [(0, len(line.group()))]
        if CJK.search(line.group()):   # 。！？ end sentences without a space after them
            bounds = [(s + a, s + b) for s, e in bounds for a, b in _cjk_spans(line.group()[s:e])]
        for start, end in bounds:
            start, end = start + line.start(), end + line.start()
            piece = text[start:end]
            # an opening quote left dangling after the previous sentence's full stop (`says X. "`)
            stripped = piece.rstrip()
            if len(stripped) >= 2 and stripped[-1] in QUOTE_MARKS and stripped[-2].isspace():
                piece = stripped[:-1]
            lead = len(piece) - len(piece.lstrip())
            start, end = start + lead, start + len(piece.rstrip())
            if end > start:
                spans.append((start, end))
    return spans


def split_sentences(doc: CleanDocument) -> list[Sentence]:
    """Sentences of `doc` in order; `Sentence.doc` is `doc.index`, `index` counts kept sentences.
    A dateline ("WASHINGTON (AP) — ") or an ad label ("Advertisement") is left out of the sentence it
    starts: it says where the report was filed, not what happened, and a summary sentence would carry it."""
    out: list[Sentence] = []
    for start, end in sentence_spans(doc.text):
        start += lead_chrome_length(doc.text[start:end])
        piece = doc.text[start:end]
        if not is_fragment(piece):
            out.append(Sentence(doc=doc.index, index=len(out), text=piece, start=start, end=end))
    return out


def split_text(text: str) -> list[str]:
    """Plain sentence strings of `text` (fragments included), e.g. one per line for ROUGE-Lsum."""
    return [text[s:e] for s, e in sentence_spans(text)]
