"""Step 4 of the data flow: group paraphrases across documents into facts.

A fact is a group of sentences that say the same thing (cosine of MiniLM embeddings above a
threshold, average-linkage agglomerative clustering). Its support is the number of distinct
documents that state it; its centrality says how much the whole cluster talks about it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from summarizer.types import Sentence

PARAPHRASE_SIMILARITY = 0.65   # MiniLM cosine above which two news sentences state the same fact

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?(?:%|percent|per cent))?")


@dataclass
class Fact:
    """Sentences (indices into the cluster's sentence list) stating one fact."""

    sentences: list[int]
    support: int                 # distinct documents among the members
    centrality: float            # mean centrality of the members, 0..1
    representative: int          # the member that states it best (most central)
    flags: list[str] = field(default_factory=list)   # e.g. "conflicting-numbers"


def sentence_centrality(sentences: list[Sentence], embeddings: np.ndarray) -> np.ndarray:
    """LexRank-style centrality: PageRank over the cosine graph, edges between different documents
    weighted higher (a fact repeated across reports matters more than one repeated within one).
    Scaled to 0..1."""
    n = len(sentences)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    if n == 1:
        return np.ones(1, dtype=np.float32)
    sim = np.clip(embeddings @ embeddings.T, 0.0, None)
    np.fill_diagonal(sim, 0.0)
    docs = np.array([s.doc for s in sentences])
    same_doc = docs[:, None] == docs[None, :]
    sim = np.where(same_doc, 0.5 * sim, sim)
    row_sums = sim.sum(axis=1, keepdims=True)
    transition = np.divide(sim, row_sums, out=np.full_like(sim, 1.0 / n), where=row_sums > 0)
    damping = 0.85
    rank = np.full(n, 1.0 / n)
    for _ in range(50):
        new = (1 - damping) / n + damping * transition.T @ rank
        if np.abs(new - rank).sum() < 1e-6:
            rank = new
            break
        rank = new
    return (rank / rank.max()).astype(np.float32)


def cluster_paraphrases(embeddings: np.ndarray, threshold: float = PARAPHRASE_SIMILARITY) -> list[list[int]]:
    """Average-linkage groups whose members are, on average, at least `threshold` similar."""
    n = len(embeddings)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - embeddings @ embeddings.T, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2
    labels = fcluster(linkage(squareform(distance, checks=False), method="average"),
                      t=1.0 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])


def numbers_in(text: str) -> set[str]:
    return {re.sub(r"\s|,", "", m.group()).replace("percent", "%").replace("per cent", "%")
            for m in _NUMBER.finditer(text)}


def has_conflicting_numbers(texts: list[str]) -> bool:
    """True when two sentences of one fact both give numbers and neither's are a subset of the
    other's ("killed 12" vs "killed 15"); extra detail ("12 people, 3 of them children") is fine."""
    sets = [numbers_in(t) for t in texts]
    sets = [s for s in sets if s]
    return any(not (a <= b or b <= a) for i, a in enumerate(sets) for b in sets[i + 1:])


def group_facts(sentences: list[Sentence], embeddings: np.ndarray,
                threshold: float = PARAPHRASE_SIMILARITY) -> list[Fact]:
    """Facts in order of first appearance; every sentence belongs to exactly one fact."""
    embeddings = np.asarray(embeddings, dtype=np.float32)
    centrality = sentence_centrality(sentences, embeddings)
    facts = []
    for members in cluster_paraphrases(embeddings, threshold):
        representative = max(members, key=lambda i: (centrality[i], -i))
        flags = ["conflicting-numbers"] if len(members) > 1 and has_conflicting_numbers(
            [sentences[i].text for i in members]) else []
        facts.append(Fact(sentences=members, support=len({sentences[i].doc for i in members}),
                          centrality=float(centrality[members].mean()), representative=representative,
                          flags=flags))
    return facts


def fact_of_sentence(facts: list[Fact], n_sentences: int) -> list[int]:
    """Index of the fact each sentence belongs to."""
    owner = [0] * n_sentences
    for f, fact in enumerate(facts):
        for i in fact.sentences:
            owner[i] = f
    return owner
