"""Loaded terms ("tyrant", "slammed", "so-called") found outside quotations, with neutral alternatives.

The lexicon is the project's own (``summarizer/neutral/lexicon/loaded_terms.tsv``, documented in the README
beside it). Words inside quotation marks are the source's words, not ours, so they are never flagged:
a summary may report that someone called a leader a "tyrant".

    >>> [t.term for t in find_loaded_terms('The tyrant spoke. Critics said "tyrant".')]
    ['tyrant']
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "LoadedTerm",
    "LexiconEntry",
    "load_lexicon",
    "load_lexicon_entries",
    "find_loaded_terms",
    "quoted_spans",
    "neutralize",
    "surface_forms",
]


@dataclass(frozen=True)
class LoadedTerm:
    """One loaded word or phrase in a text: ``text[start:end]`` is the surface form found."""

    term: str  # the lexicon entry (lowercase)
    start: int
    end: int
    replacement: str  # neutral alternative, inflected and capitalised like the surface form


@dataclass(frozen=True)
class LexiconEntry:
    term: str
    neutral: str
    category: str


# ---------------------------------------------------------------- lexicon

def _default_lexicon_path() -> Path:
    return Path(str(resources.files("summarizer.neutral") / "lexicon" / "loaded_terms.tsv"))


@lru_cache(maxsize=8)
def _read_entries(path: str) -> tuple[LexiconEntry, ...]:
    entries: dict[str, LexiconEntry] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for lineno, row in enumerate(csv.reader(f, delimiter="\t"), start=1):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            if lineno == 1 and row[0].strip().lower() == "term":
                continue  # header
            if len(row) < 2 or not row[1].strip():
                raise ValueError(f"{path}:{lineno}: expected term<TAB>neutral<TAB>category")
            term = " ".join(row[0].lower().split())
            category = row[2].strip() if len(row) > 2 else ""
            entries[term] = LexiconEntry(term, row[1].strip(), category)
    return tuple(entries.values())


def load_lexicon_entries(path: str | Path | None = None) -> tuple[LexiconEntry, ...]:
    """All entries with their category (cached per path)."""
    return _read_entries(str(path or _default_lexicon_path()))


def load_lexicon(path: str | Path | None = None) -> dict[str, str]:
    """Map lowercase term (may be several words) -> neutral alternative. Cached per path;
    a fresh dict each call, so callers may change theirs."""
    return {e.term: e.neutral for e in load_lexicon_entries(path)}


# ---------------------------------------------------------------- inflection
# Simple English inflection, enough to find "tyrants", "slams", "slammed", "decried"
# from the base entries "tyrant", "slam", "decry", and to inflect the alternative the same way.

_VOWELS = set("aeiou")
_IRREGULAR_PAST = {
    "say": "said", "speak": "spoke", "rise": "rose", "fall": "fell", "spend": "spent",
    "tear": "tore", "hit": "hit", "make": "made", "give": "gave", "take": "took", "win": "won",
    "lose": "lost", "run": "ran", "hold": "held", "put": "put", "set": "set", "leave": "left",
    "get": "got", "seek": "sought", "drive": "drove", "break": "broke", "go": "went",
    "come": "came", "meet": "met", "keep": "kept", "lead": "led", "tell": "told", "do": "did",
    "find": "found", "think": "thought", "bring": "brought", "buy": "bought", "pay": "paid",
    "fight": "fought", "cut": "cut", "teach": "taught", "choose": "chose",
}


def _doubles_final(word: str) -> bool:
    # slam -> slammed, but not "lambast" -> "lambastted" or "parrot" -> "parrotted" (unstressed)
    return (
        len(word) >= 3 and len(word) <= 4
        and word[-1] not in _VOWELS | set("wxy")
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def _inflect(word: str, suffix: str) -> str:
    """word + one of "s", "ed", "ing" with English spelling rules."""
    if suffix == "":
        return word
    if suffix == "s":
        if re.search(r"(s|x|z|ch|sh)$", word):
            return word + "es"
        if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
            return word[:-1] + "ies"
        return word + "s"
    if suffix == "ed":
        if word in _IRREGULAR_PAST:
            return _IRREGULAR_PAST[word]
        if word.endswith("e"):
            return word + "d"
        if len(word) > 1 and word.endswith("y") and word[-2] not in _VOWELS:
            return word[:-1] + "ied"
        if _doubles_final(word):
            return word + word[-1] + "ed"
        return word + "ed"
    if suffix == "ing":
        if word.endswith("ie"):
            return word[:-2] + "ying"
        if word.endswith("e") and not word.endswith("ee"):
            return word[:-1] + "ing"
        if _doubles_final(word):
            return word + word[-1] + "ing"
        return word + "ing"
    raise ValueError(suffix)


_PARTICLES = {"up", "out", "over", "in", "back", "down", "through", "off", "into", "against", "at"}


def _inflect_phrase(phrase: str, suffix: str, verb_phrase: bool = False) -> str:
    """Inflect the head of a phrase: the last word ("large group" -> "large groups"), or the
    first for a verb phrase or when the rest is an adverb or particle ("rise sharply" -> "rose
    sharply", "seek closer ties" -> "sought closer ties"). A head already inflected
    ("criticised") is left alone."""
    words = phrase.split(" ")
    if not suffix or not words:
        return phrase
    head = len(words) - 1
    if len(words) > 1 and (verb_phrase or words[-1].endswith("ly") or words[-1] in _PARTICLES):
        head = 0
    elif any(w in {"of", "to"} for w in words[1:]):  # "advocate of military action" -> "advocates of ..."
        head = next(i for i, w in enumerate(words) if w in {"of", "to"}) - 1
        if words[head].endswith("ed"):  # "person accused of lying"
            head = 0
    if not re.search(r"(ed|ing)$", words[head]) or words[head] in {"need", "feed", "bring", "sing", "king"}:
        words[head] = _inflect(words[head], suffix)
    return " ".join(words)


def surface_forms(lexicon: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Every surface form looked for -> (lexicon term, suffix). Exact entries win over inflections
    (so "blasted" stays its own entry). Useful to build decoding blocklists (``bad_words_ids``)."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    forms: dict[str, tuple[str, str]] = {}
    for term in lexicon:
        head, sep, last = term.rpartition(" ") if " " in term else term.rpartition("-")
        if len(last) < 2 or not last.isalpha():
            continue
        words = term.split(" ")
        for suffix in ("s", "ed", "ing"):  # "flip-flop" -> "flip-flopped", "witch hunt" -> "witch hunts"
            if len(words) > 1 and words[-1] in _PARTICLES:  # "cozy up" -> "cozied up"
                form = " ".join([_inflect(words[0], suffix), *words[1:]])
            else:
                form = head + sep + _inflect(last, suffix)
            forms.setdefault(form, (term, suffix))
    for term in lexicon:  # exact entries override generated forms
        forms[term] = (term, "")
    return forms


_WORD_RE = re.compile(r"[^\W_]+")  # letters and digits; hyphens and apostrophes separate words
_JOINER_RE = re.compile(r"\s*[-\u2010\u2011]?\s*")  # what may stand between words of a phrase


def _key(phrase: str) -> tuple[str, ...]:
    # "so-called", "so called" and "So\nCalled" all give ("so", "called")
    return tuple(w.lower() for w in _WORD_RE.findall(phrase))


@lru_cache(maxsize=16)
def _matcher(items: tuple[tuple[str, str], ...]) -> tuple[dict[tuple[str, ...], tuple[str, str]], int]:
    """Word tuple -> (term, suffix) for every surface form, and the longest phrase length."""
    forms = surface_forms(dict(items))
    by_key = {_key(f): v for f, v in forms.items() if v[1]}
    by_key.update({_key(f): v for f, v in forms.items() if not v[1]})  # exact entries win
    by_key.pop((), None)
    return by_key, max((len(k) for k in by_key), default=0)


# ---------------------------------------------------------------- quotations

_PAIRS = {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201d"}


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank-line separated when the text has blank lines (hard-wrapped copy keeps
    quotes across its line breaks), else one paragraph per line."""
    boundary = r"\n[ \t]*\n\s*" if re.search(r"\n[ \t]*\n", text) else r"\n+"
    spans, start = [], 0
    for m in re.finditer(boundary, text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


_SINGLE_OPEN_RE = re.compile(r"(?<![\w'‘’])(['‘])(?=[^\W\d])")
_STRAIGHT_CLOSE_RE = re.compile(r"(?<=[^\s'‘’])['’](?![^\W_])")
_CURLY_CLOSE_RE = re.compile(r"(?<=[^\s'‘’])’(?![^\W_])")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (quote marks included) of quoted text, merged and sorted.

    Handles straight double quotes (paired in order), curly double quotes and guillemets, and single
    quotes (straight or curly) used as quotes or scare quotes ('evil', ‘sacred’) while ignoring
    apostrophes (don't, leaders' summit, '90s). A double quote left open runs to the end of its
    paragraph, as in news copy where a quote continues into the next paragraph (which reopens it)."""
    spans: list[tuple[int, int]] = []

    for para_start, para_end in _paragraphs(text):
        # straight double quotes: paired in order within a paragraph (a stray mark cannot flip the
        # rest of the text); one left open runs to the paragraph's end
        positions = [m.start() for m in re.finditer('"', text[para_start:para_end])]
        positions = [para_start + p for p in positions]
        for k in range(0, len(positions) - 1, 2):
            spans.append((positions[k], positions[k + 1] + 1))
        if len(positions) % 2:
            spans.append((positions[-1], para_end))

        # curly double quotes and guillemets
        i = para_start
        while i < para_end:
            ch = text[i]
            if ch in _PAIRS:
                close = text.find(_PAIRS[ch], i + 1, para_end)
                end = close + 1 if close != -1 else para_end
                spans.append((i, end))
                i = end
            else:
                i += 1

    # single quotes: an opening mark after a non-word char and before a word char, a closing mark
    # after a non-space and before a non-word char, within the same line
    for m in _SINGLE_OPEN_RE.finditer(text):
        open_at = m.start()
        closer = _STRAIGHT_CLOSE_RE if m.group(1) == "'" else _CURLY_CLOSE_RE
        line_end = text.find("\n", open_at)
        line_end = len(text) if line_end == -1 else line_end
        close = closer.search(text, open_at + 1, line_end)
        if close and close.start() - open_at <= 300:
            spans.append((open_at, close.end()))

    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# ---------------------------------------------------------------- finding and replacing

def _match_case(replacement: str, surface: str) -> str:
    if surface.isupper() and len(surface) > 1:
        return replacement.upper()
    if surface[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def find_loaded_terms(text: str, lexicon: dict[str, str] | None = None) -> list[LoadedTerm]:
    """Loaded terms outside quotation marks: whole words, any case, simple inflections
    ("tyrants", "slammed"), multi-word phrases across line breaks. Sorted by position."""
    lexicon = load_lexicon() if lexicon is None else lexicon
    if not lexicon or not text:
        return []
    by_key, longest = _matcher(tuple(sorted(lexicon.items())))
    quotes = quoted_spans(text)
    words = list(_WORD_RE.finditer(text))
    lowered = [w.group().lower() for w in words]
    # joined[k]: words k and k+1 may belong to one phrase (only spaces or a hyphen between them)
    joined = [bool(_JOINER_RE.fullmatch(text, x.end(), y.start())) for x, y in zip(words, words[1:])]
    found = []
    i = 0
    while i < len(words):
        start = words[i].start()
        if start >= 2 and text[start - 1] in "'’" and text[start - 2].isalnum():
            i += 1  # the "t" of "don't", the "s" of "regime's"
            continue
        # longest phrase first: "regime change" before "regime"
        reach = 1
        while reach < longest and i + reach < len(words) and joined[i + reach - 1]:
            reach += 1
        for n in range(reach, 0, -1):
            hit = by_key.get(tuple(lowered[i:i + n]))
            if hit:
                break
        else:
            i += 1
            continue
        span = words[i:i + n]
        end = span[-1].end()
        i += n
        if any(qs < end and start < qe for qs, qe in quotes):
            continue
        term, suffix = hit
        phrasal_verb = " " in term and term.rsplit(" ", 1)[-1] in _PARTICLES
        replacement = _match_case(_inflect_phrase(lexicon[term], suffix, phrasal_verb), text[start:end])
        found.append(LoadedTerm(term, start, end, replacement))
    return found


def neutralize(text: str, lexicon: dict[str, str] | None = None) -> str:
    """``text`` with each loaded term outside quotations replaced by its neutral alternative."""
    out, last = [], 0
    for t in find_loaded_terms(text, lexicon):
        out.append(text[last:t.start])
        out.append(t.replacement)
        last = t.end
    out.append(text[last:])
    return "".join(out)
