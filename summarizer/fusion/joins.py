"""Joins across reports: one report's sentence carrying what another report says about a name both
give, as an appositive.

    report 1: "Jane Doe said the plant would close."
    report 2: "Jane Doe, the company's chief executive, confirmed the closure on Monday."
    join:     "Jane Doe, the company's chief executive, said the plant would close."

Built from the parse, not by the model (which almost never joins reports): every word is one of the
two reports' own, in their order, and both sentences are cited. The donor may be any sentence of
another report in the cluster: who someone is holds whatever fact it is said with. Only a descriptive
appositive (headed by a common noun or a number, an age, set off by commas, no quotation) on a proper
name (spaCy's tag: Multi-News is lower-cased) that the base sentence gives whole, with no longer name
or title around it and nothing set off after it, and adding at least one content word it lacks.
"""
from __future__ import annotations

import re
from functools import lru_cache

from summarizer.fusion.alignment import _parse, _subtree_edges
from summarizer.fusion.recase import tokens_with_spans
from summarizer.text import content_stems

MAX_APPOSITIVE_WORDS = 12
NAME_POS = frozenset({"PROPN"})
NOUNS = frozenset({"PROPN", "NOUN"})
APPOSITIVE_HEAD_POS = frozenset({"NOUN", "NUM"})
SET_OFF = frozenset({",", "(", ")", "[", "]", "-", "–", "—", ":", ";", "'s", "’s", "'", "’"})
QUOTES = frozenset('"“”')
# a photo caption's "Jane Doe, left, ...": where someone stands, not who they are
PLACES_IN_PHOTO = frozenset("left right center centre top bottom front rear background foreground".split())


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


@lru_cache(maxsize=4096)
def appositives(sentence: str) -> list[tuple[tuple[str, ...], str]]:
    """(the name's tokens, the appositive's text) for each descriptive appositive on a proper name that
    `sentence` sets off with commas ("Jane Doe, the company's chief executive,"). Cached: every sentence of
    the summary's pool that shares a name with `sentence` asks (read it, do not change it)."""
    parse = _parse(sentence)
    spans = tokens_with_spans(sentence)
    words = [w for w, _, _ in spans]
    found = []
    for k, dep in enumerate(parse.deps):
        head = parse.heads[k]
        if dep != "appos" or head < 0 or head >= k or parse.pos[head] not in NAME_POS:
            continue
        if parse.pos[k] not in APPOSITIVE_HEAD_POS:
            continue
        start = head                     # the name: the proper nouns ending at its head
        while start > 0 and parse.pos[start - 1] in NAME_POS:
            start -= 1
        name = words[start:head + 1]
        a, b = _subtree_edges(parse, k)       # spaCy's parses are projective: a subtree is a span
        if a != head + 2 or words[head + 1] != ",":
            continue
        if b + 1 >= len(words) or words[b + 1] not in {",", "."}:   # closed: a report cut off after
            continue                                                 # "Liu xiaoqun, a space" gives no description
        phrase = words[a:b + 1]
        if len([w for w in phrase if w[:1].isalnum()]) > MAX_APPOSITIVE_WORDS or any(w in QUOTES for w in phrase):
            continue
        if any(w in {"(", ")", ";", ":"} for w in phrase) or (len(phrase) == 1 and phrase[0].lower() in PLACES_IN_PHOTO):
            continue
        found.append((tuple(name), sentence[spans[a][1]:spans[b][2]]))
    return found


def _name_end(base: str, name: tuple[str, ...]) -> int | None:
    """Where in `base` the name ends (a character offset) when `base` gives it whole and nothing set
    off after it; None otherwise."""
    spans = tokens_with_spans(base)
    words = [w for w, _, _ in spans]
    parse = _parse(base)
    pos, deps = parse.pos, parse.deps
    n = len(name)
    for i in range(len(words) - n + 1):
        if tuple(w.lower() for w in words[i:i + n]) != tuple(w.lower() for w in name):
            continue
        # a longer name, or a title before it ("President", "Trump aide"), is described already or
        # names someone else; a name that modifies a noun ("a williams property") takes no appositive
        titled = i > 0 and (pos[i - 1] in NAME_POS or _capitalised(words[i - 1]) or deps[i - 1] == "compound")
        after = words[i + n] if i + n < len(words) else ""
        modifier = deps[i + n - 1] in {"compound", "nmod", "amod"} or (i + n < len(words) and pos[i + n] in NOUNS)
        if titled or modifier or after in SET_OFF or after in QUOTES:
            continue
        return spans[i + n - 1][2]
    return None


def _names(sentence: str) -> set[str]:
    """The proper-noun runs of `sentence`, lower-cased ("jane doe")."""
    pos = _parse(sentence).pos
    words = [w for w, _, _ in tokens_with_spans(sentence)]
    runs, run = set(), []
    for w, p in zip([*words, ""], [*pos, ""]):
        if p in NAME_POS:
            run.append(w.lower())
        elif run:
            runs.add(" ".join(run))
            run = []
    return runs


def appositive_joins(base: str, donors: list[str]) -> list[tuple[str, int, str]]:
    """`base` with one appositive from a donor sentence inserted after a name they share: (the join,
    the donor's index, the name as the donor gives it, lower-cased). At most one join per name, the first
    donor's. Only donors that set off a name of `base` with a comma are parsed."""
    names = _names(base)
    if not names:
        return []
    wanted = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")\s*,", re.IGNORECASE)
    base_stems = content_stems(base)
    joins, named = [], set()
    for d, donor in enumerate(donors):
        if not wanted.search(donor):
            continue
        for name, phrase in appositives(donor):
            key = " ".join(name).lower()
            if key in named or not (content_stems(phrase) - base_stems):
                continue
            end = _name_end(base, name)
            if end is None:
                continue
            rest = base[end:]
            text = f"{base[:end]}, {phrase}{rest}" if rest.lstrip().startswith(".") else f"{base[:end]}, {phrase},{rest}"
            joins.append((text, d, key))
            named.add(key)
    return joins

