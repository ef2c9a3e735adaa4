"""Deletion-only compressions of one news sentence, cut along its dependency parse.

A compression training pair must say less than its source and nothing else, and must be built the
way the engine's verification wants a rewrite built (`fusion.alignment.structure_problems`): whole
constituents removed, subjects, speakers and attributions kept, no list or pair cut. So a deletion
removes one whole comma-delimited subtree of a kind that carries a side detail:
- an apposition ("Smith, a 45-year-old father of two, said" -> "Smith said");
- a non-restrictive who/which clause;
- an opening adverbial or prepositional phrase ("After three hours of talks, the two ..."), except
  conditions ("If ...", "Unless ...") and attributions ("According to ...");
- a closing participle clause (", leaving three people dead.");
- a second main clause joined by ", and" / ", but" (kept: the first clause);
- a parenthesis.
Up to two deletions are combined. Each result is checked with the engine's structural verification
against its source, so the model only learns cuts that the engine accepts.
"""
from __future__ import annotations

import random

from summarizer.text import sentence_case

_OPENERS_KEPT = frozenset({"if", "unless", "according", "only", "not"})   # cutting these changes the claim
_END = frozenset({".", "!", "?"})
_MODIFIERS = frozenset({"advcl", "prep", "npadvmod", "advmod"})


def _span(token) -> tuple[int, int]:
    """Token index range [start, end) of a token's subtree, without the sentence's final stop."""
    doc, end = token.doc, token.right_edge.i + 1
    if end == len(doc) and doc[end - 1].text in _END and token.i != end - 1:
        end -= 1
    return token.left_edge.i, end


def _opener(doc, root) -> tuple[int, int] | None:
    """The words before the first comma, when they only modify the main verb ("After the talks, ")."""
    comma = next((t.i for t in doc if t.text == ","), None)
    if comma is None or comma < 2 or doc[0].lower_ in _OPENERS_KEPT:
        return None
    span = doc[:comma]
    attached = [t for t in span if not 0 <= t.head.i < comma]
    if (len(attached) != 1 or attached[0].head.i != root.i or attached[0].dep_ not in _MODIFIERS
            or any(t.text in '"“”' or t.lower_ == "according" for t in span)):
        return None
    return 0, comma + 1


def _comma_delimited(doc, start: int, end: int) -> bool:
    """A comma before the span and a comma or the final stop after it."""
    return start > 0 and doc[start - 1].text == "," and end < len(doc) and (
        doc[end].text == "," or (doc[end].text in _END and end == len(doc) - 1))


def _in_list(token) -> bool:
    """"Gemmell, 36, her son and ...": a list of people that the parser took for appositions."""
    return sum(c.dep_ in ("conj", "cc", "appos") for c in token.head.children) > 1


def deletable_spans(doc) -> list[tuple[int, int]]:
    """Token ranges [start, end) that can go, each with the punctuation that delimits it."""
    spans: list[tuple[int, int]] = []
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return spans
    for t in doc:
        start, end = _span(t)
        if (t.dep_ == "appos" and not _in_list(t) and _comma_delimited(doc, start, end)
                and doc[end].text == ","):
            spans.append((start - 1, end + 1))                          # ", a spokesman,"
        elif (t.dep_ == "relcl" and doc[start].lower_ in ("who", "which") and _comma_delimited(doc, start, end)
              and doc[end].text == ","):
            spans.append((start - 1, end + 1))                          # ", who ... ,"
        elif (t.head.i == root.i and t.dep_ == "advcl" and t.tag_ == "VBG" and start == t.i
              and _comma_delimited(doc, start, end) and doc[end].text in _END):
            spans.append((start - 1, end))                              # ", leaving three dead"
        elif (t.head.i == root.i and t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and start > 2
              and doc[start - 1].lower_ in ("and", "but") and doc[start - 2].text == ","
              and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
              and end == len(doc) - 1 and doc[end].text in _END):
            spans.append((start - 2, end))                              # ", and B" (a clause of its own)
        elif t.text == "(":
            close = next((k for k in range(t.i + 1, min(len(doc), t.i + 20)) if doc[k].text == ")"), None)
            if close is not None:
                spans.append((t.i, close + 1))
    opener = _opener(doc, root)
    if opener:
        spans.append(opener)
    return [s for s in spans if s[1] - s[0] < len(doc) - 5]


def _rebuild(doc, spans: list[tuple[int, int]]) -> str:
    """The sentence without `spans`, cut at character offsets (the rest keeps its own spacing)."""
    text = doc.text
    for start, end in sorted(spans, reverse=True):
        left = text[:doc[start].idx].rstrip()
        right = text[doc[end].idx:] if end < len(doc) else ""
        text = left + (" " if left and right and right[0] not in ".,;:!?)" else "") + right
    return sentence_case(text)


def compressions(sentence: str, rng: random.Random, max_deletions: int = 2) -> list[str]:
    """Compressed versions of `sentence` (shortest first), each passing structural verification."""
    from summarizer.fusion.alignment import dependency_parser, structure_problems

    doc = dependency_parser()(sentence)
    spans = deletable_spans(doc)
    if not spans:
        return []
    rng.shuffle(spans)
    options = [[s] for s in spans]
    disjoint = [(a, b) for k, a in enumerate(spans) for b in spans[k + 1:] if a[1] <= b[0] or b[1] <= a[0]]
    if max_deletions >= 2 and disjoint:
        options.insert(0, list(rng.choice(disjoint)))
    out = []
    for chosen in options:
        text = _rebuild(doc, chosen)
        if len(text.split()) >= 6 and text != sentence and text[-1:] in ".!?\"”" and not structure_problems(
                text, [sentence]):
            out.append(text)
    return sorted(set(out), key=len)
