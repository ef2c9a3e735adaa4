"""Concepts for coverage selection: stemmed word bigrams, and what each is worth.

A concept is a pair of adjacent words, stemmed, unless both are stop words ("of the") (Gillick &
Favre 2009). A summary covers the concepts of its sentences, each counted once, so a second sentence
that repeats the first one's words earns nothing. A concept is worth more the more reports use it
(document frequency: the words most reports share), the earlier it first comes in a report, and,
with a focus, the more relevant to it the sentences that carry it are.

>>> sorted(sentence_concepts("Putin showed Kim the launch site."))
[('kim', 'the'), ('launch', 'site'), ('putin', 'show'), ('show', 'kim'), ('the', 'launch')]
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from summarizer.text import TOKEN_STOPWORDS, stem, tokens


def sentence_concepts(text: str) -> set[tuple[str, str]]:
    """Stemmed bigrams of a sentence, stop-word-only pairs left out."""
    words = tokens(text)   # any script: a Chinese report's concepts are character bigrams
    return {(stem(a), stem(b)) for a, b in zip(words, words[1:]) if not (a in TOKEN_STOPWORDS and b in TOKEN_STOPWORDS)}


@dataclass
class ConceptTable:
    """The cluster's concepts, their weights, and the concepts of each sentence (indices)."""

    names: list[tuple[str, str]]
    weights: np.ndarray
    of_sentence: list[list[int]]
    shared: np.ndarray          # per sentence: the share of its bigrams that another report also uses
    reports: np.ndarray         # per concept: how many reports use it
    carriers: list[list[int]]   # per concept: the sentences that hold it


def concept_table(texts: list[str], docs: list[int], positions: list[int], *, min_df: int = 1,
                  position: float = 0.0, position_decay: float = 0.3) -> ConceptTable:
    """Weighted concepts of a cluster's sentences. `docs`: each sentence's report; `positions`: its
    place in that report. Concepts in fewer than `min_df` reports are left out (unless that would
    leave none). A focus is applied afterwards (`focused`), to these weights or to learned ones."""
    per_sentence = [sentence_concepts(t) for t in texts]
    reports: dict[tuple[str, str], set[int]] = {}
    first: dict[tuple[str, str], int] = {}
    carriers: dict[tuple[str, str], list[int]] = {}
    for i, found in enumerate(per_sentence):
        for c in found:
            reports.setdefault(c, set()).add(docs[i])
            first[c] = min(first.get(c, positions[i]), positions[i])
            carriers.setdefault(c, []).append(i)
    if not any(len(r) >= min_df for r in reports.values()):
        min_df = 1
    names = sorted(c for c in reports if len(reports[c]) >= min_df)
    weights = np.array([len(reports[c]) * (1.0 + position / (1.0 + position_decay * first[c])) for c in names])
    index = {c: k for k, c in enumerate(names)}
    of_sentence = [sorted(index[c] for c in found if c in index) for found in per_sentence]
    shared = np.array([sum(len(reports[c]) > 1 for c in found) / len(found) if found else 0.0
                       for found in per_sentence])
    return ConceptTable(names, weights, of_sentence, shared, np.array([len(reports[c]) for c in names]),
                        [carriers[c] for c in names])


def focused(weights: np.ndarray, carriers: list[list[int]], relevance: np.ndarray | None,
            focus: float) -> np.ndarray:
    """Concept weights x (1 + `focus` x the relevance of the most relevant sentence holding each)."""
    if relevance is None or not focus or not len(weights):
        return weights
    return weights * (1.0 + focus * np.array([float(relevance[c].max()) for c in carriers]))


REWRITE_GAP = 0.3   # a report whose paraphrases trail by this much on average is a rewrite


def wording_gaps(shared: np.ndarray, docs: list[int], facts: list[list[int]]) -> np.ndarray:
    """How far each sentence's wording is from the most widely shared wording of its fact (0: it is
    the best-shared one). A report whose sentences keep trailing their paraphrases is a rewrite of
    the others ("send off site" for "launch site"): all its sentences get its mean gap at least."""
    gap = np.zeros(len(shared))
    by_doc: dict[int, list[float]] = {}
    for members in facts:
        if len({docs[j] for j in members}) < 2:
            continue
        best = max(shared[j] for j in members)
        for j in members:
            gap[j] = best - shared[j]
            by_doc.setdefault(docs[j], []).append(gap[j])
    doc_gap = {d: float(np.mean(g)) for d, g in by_doc.items() if np.mean(g) >= REWRITE_GAP}
    return np.maximum(gap, np.array([doc_gap.get(d, 0.0) for d in docs]))
