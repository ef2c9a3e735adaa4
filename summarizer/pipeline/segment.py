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
# a full stop inside a closing quote, then a lower-case word, maybe quoted: Multi-News lower-cases the sentence
# after a quotation ('... the "future of their family. " when addressing him, ...', '"tight as a tick. " "i'm
# hopeful," said ...'), which sentencex does not split. Not after "u.s." (an abbreviation) nor "?"/"!" (a quoted
# question is followed by its speaker: '"why? " he asked')
_QUOTE_THEN_LOWER = re.compile(r'(?<![.\s][a-z])\. ?["”](?=\s+["“]?\s*[a-z])')
_QUOTES = '"“”'
# Where sentencex ends a sentence that goes on:
# "7 p.m. Sunday", "4:12 a.m. EST": a clock time's "a.m." / "p.m." before the day or time zone it belongs to
# ("He was shot at 7 p.m." | "Sunday near his home.");
_CLOCK_END = re.compile(r"\d\s*[ap]\.m\.\s*$", re.IGNORECASE)
_DAY_OR_ZONE = re.compile(r"(?:(?:sun|mon|tues|wednes|thurs|fri|satur)day|[ecmp][sd]t|et|gmt|utc|bst|local|eastern|central"
                          r"|pacific|mountain)\b", re.IGNORECASE)
# the titles its abbreviation list lacks ("the arrest of Ms." | "Graswald on a charge ..."; "Mr.", "Dr." are in it)
_TITLE_END = re.compile(r"(?:^|\s)(?:ms|atty)\.\s*$", re.IGNORECASE)
# a name's "Jr."/"Sr." before a word that goes on with the sentence: Multi-News capitalises every word after a full
# stop ("roger l. gilbert jr. Had been a volunteer fireman", "told donald trump jr. In an email chain that ...")
_SUFFIX_END = re.compile(r"\s(?:jr|sr)\.\s*$", re.IGNORECASE)
_GOES_ON = re.compile(r"(?:said|says|told|tells|had|has|have|was|were|is|are|will|would|could|also|added|wrote|took|"
                      r"speaks|spoke|greeted|denied|and|or|of|by|for|to|in|at|with|from|as|who|whose)\b", re.IGNORECASE)
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


def _open_quotes(text: str) -> int:
    """Quotation marks in `text`; odd: a quotation is left open (straight quotes open and close alike)."""
    return sum(text.count(q) for q in _QUOTES)


def _false_ends_rejoined(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`bounds` with a sentence joined to the next where it ends on a clock time and the next starts with
    its day or zone (`_CLOCK_END`, `_DAY_OR_ZONE`), where it ends on a title (`_TITLE_END`), or on a name's
    "Jr."/"Sr." and the next starts with a word that goes on with it (`_SUFFIX_END`, `_GOES_ON`)."""
    joined: list[tuple[int, int]] = []
    for start, end in bounds:
        before = text[joined[-1][0]:start] if joined else ""
        if joined and (_TITLE_END.search(before) or (_CLOCK_END.search(before) and _DAY_OR_ZONE.match(text, start))
                       or (_SUFFIX_END.search(before) and _GOES_ON.match(text, start))):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _ends_with_opening_quote(piece: str) -> bool:
    """A quote set off after the full stop that opens the next sentence (`says X. "We ...`), not one that
    closes this one (`said " we won. "`: the marks before it are odd)."""
    if len(piece) < 2 or piece[-1] not in QUOTE_MARKS or not piece[-2].isspace():
        return False
    return piece[-1] not in _QUOTES or _open_quotes(piece) % 2 == 1


def after_closed_quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`text[start:end]` cut after each full stop that closes a quotation and is followed by a lower-case
    word (`_QUOTE_THEN_LOWER`, the quote closing one that is open)."""
    bounds, begin = [], start
    for m in _QUOTE_THEN_LOWER.finditer(text, start, end):
        if _open_quotes(text[begin:m.end() - 1]) % 2 == 1:
            bounds.append((begin, m.end()))
            begin = m.end()
    return [*bounds, (begin, end)]


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
        bounds = _false_ends_rejoined(text, [(s + line.start(), e + line.start()) for s, e in bounds])
        bounds = [piece for s, e in bounds for piece in after_closed_quotations(text, s, e)]
        opening = None      # where a quote that opens the next sentence sits
        for start, end in bounds:
            if opening is not None and opening < start and not text[opening:start].strip(_QUOTES).strip():
                start = opening
            opening = None
            piece = text[start:end]
            stripped = piece.rstrip()
            if _ends_with_opening_quote(stripped):
                piece = stripped[:-1]
                if stripped[-1] in _QUOTES:     # a double quote opens the next sentence's quotation
                    opening = start + len(piece)
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
