"""Give the fusion model's lowercase, word-piece-spaced output the sources' own spelling.

The model (uncased MiniLM vocabulary) writes "putin met kim at the vostochny cosmodrome , the
kremlin said ." Every run of two or more words that also occurs in a source sentence is replaced
by that source's exact characters (casing, accents, hyphens, quote marks, spacing); other words
take their most common casing in the cluster (mid-sentence occurrences only, so "The" does not
capitalise "the"), punctuation is re-attached, and the sentence starts with a capital.

    >>> recase("putin met kim at the cosmodrome , officials said .",
    ...        ["Putin met Kim at the Vostochny cosmodrome.", "Officials said little."])
    'Putin met Kim at the cosmodrome, officials said.'
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.text import STRAIGHT_QUOTES, sentence_case

# what BERT's basic tokenizer splits: runs of letters/digits, or single punctuation marks
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_", re.UNICODE)
_NO_SPACE_BEFORE = set(".,;:!?%)]}’”'") | {"n't", "'s"}
_NO_SPACE_AFTER = set("([{‘“$")
_JOINERS = set("-/'’")  # "well - known" -> "well-known", "kim ' s" -> "kim's"


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """Lowercase without accents, curly quotes straightened (the model writes "russia ' s" for
    "Russia’s"), as the uncased tokenizer sees text. Cached: a cluster's words repeat, and every
    report is folded once per summary to count its spellings."""
    decomposed = unicodedata.normalize("NFD", token.lower().translate(STRAIGHT_QUOTES))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def tokens_with_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=8192)
def folded_tokens(text: str) -> tuple[str, ...]:
    """`text`'s tokens as the uncased model sees them (cached: a fact group is folded once per candidate)."""
    return tuple(fold(t) for t, _, _ in tokens_with_spans(text))


def run_length(out: list[str] | tuple[str, ...], i: int, source: list[str] | tuple[str, ...], j: int) -> int:
    """How many tokens from out[i] and source[j] on are equal."""
    n = 0
    while i + n < len(out) and j + n < len(source) and source[j + n] == out[i + n]:
        n += 1
    return n


@dataclass
class SpellingCounts:
    """How often each spelling of each folded word occurs, mid-sentence and sentence-initially."""

    mid: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    initial: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))


def spelling_counts(texts: list[str]) -> SpellingCounts:
    counts = SpellingCounts()
    for text in texts:
        previous = "."
        for token, _, _ in tokens_with_spans(text):
            if token[0].isalnum():
                (counts.initial if previous in ".!?\"“" else counts.mid)[fold(token)][token] += 1
            previous = token
    return counts


def spelling(key: str, counts: list[SpellingCounts], mid_sentence_only: bool = False) -> str | None:
    """The most common spelling of folded `key` over `counts` (mid-sentence occurrences first)."""
    for part in ("mid",) if mid_sentence_only else ("mid", "initial"):
        total: Counter = Counter()
        for c in counts:
            total.update(getattr(c, part).get(key, {}))
        if total:
            return total.most_common(1)[0][0]
    return None


def _longest_source_run(out: list[str], i: int, sources: list[tuple[str, list[tuple[str, int, int]], list[str]]]):
    """(length, source text, start char, end char, starts a source sentence) of the longest source run matching out[i:]."""
    best = (0, "", 0, 0, False)
    for text, toks, folded in sources:
        for j, key in enumerate(folded):
            if key != out[i]:
                continue
            n = run_length(out, i, folded, j)
            if n > best[0]:
                starts_sentence = j == 0 or toks[j - 1][0] in ".!?"
                best = (n, text, toks[j][1], toks[j + n - 1][2], starts_sentence)
    return best


def _join(pieces: list[str]) -> str:
    out = ""
    for piece in pieces:
        if piece == "%" and out and not out[-1].isdigit():
            piece = "percent"           # "five %" (the model writes % for "percent") -> "five percent"
        if not out:
            out = piece
        elif piece in _NO_SPACE_BEFORE and piece != "percent" or piece[0] in _NO_SPACE_BEFORE and len(piece) == 1 \
                or out[-1] in _NO_SPACE_AFTER or piece in _JOINERS or out[-1] in _JOINERS:
            out += piece
        else:
            out += " " + piece
    return out


def _fix_quotes(text: str) -> str:
    """Straight double quotes: attach to the quoted words ('said " yes "' -> 'said "yes"')."""
    parts = text.split('"')
    if len(parts) < 3:
        return text
    out = parts[0]
    for k, part in enumerate(parts[1:], 1):
        if k % 2:   # opening quote: no space after it
            out = out.rstrip() + (' "' if out.strip() else '"') + part.lstrip()
        else:       # closing quote: no space before it
            out = out.rstrip() + '"' + (part if part[:1] in ".,;:!?" else " " + part.lstrip())
    return re.sub(r"\s+", " ", out).strip()


def recase(generated: str, sources: list[str], cluster_texts: list[str] | None = None,
           cluster_counts: SpellingCounts | None = None) -> str:
    """`generated` spelled as `sources` spell it (see module docstring). Pass `cluster_counts`
    (`spelling_counts(cluster_texts)`) when recasing many sentences of one cluster."""
    out = folded_tokens(generated)
    if not out:
        return generated.strip()
    tokenized = []
    for source in sources:
        toks = tokens_with_spans(source)
        tokenized.append((source, toks, folded_tokens(source)))
    counts = [spelling_counts(sources), cluster_counts or spelling_counts(list(cluster_texts or []))]
    pieces: list[str] = []
    i = 0
    while i < len(out):
        n, text, start, end, starts_sentence = _longest_source_run(out, i, tokenized)
        if n >= 2:
            run = text[start:end]
            if starts_sentence and i > 0:   # "Officials said" copied into mid-sentence
                first = tokens_with_spans(run)[0][0]
                run = (spelling(fold(first), counts, mid_sentence_only=True) or first.lower()) + run[len(first):]
            pieces.append(run)
            i += n
        else:
            pieces.append(spelling(out[i], counts) or out[i])
            i += 1
    text = re.sub(r"(?<!\.)\.\s*\.(?!\.)", ".", _fix_quotes(_join(pieces)))   # "10 a.m.." (not "...")
    text = re.sub(r"([.!?][\"”])\s*\.$", r"\1", text)      # 'was "silly.".': the quotation ended the sentence
    return _with_final_stop(sentence_case(text), sources)


_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$")


def _with_final_stop(text: str, sources: list[str]) -> str:
    """The model sometimes stops before the full stop; a sentence ends as its sources' first one does."""
    if text.endswith("...") and not any("..." in s for s in sources):   # "10 a.m..." from "10 a.m."
        text = text[:-2]
    if not text or _ENDS_SENTENCE.search(text) or not sources or not _ENDS_SENTENCE.search(sources[0].rstrip()):
        return text
    text = text.rstrip(" ,;:")
    return text if _ENDS_SENTENCE.search(text) else text + "."   # "va. ," ends at "va."
