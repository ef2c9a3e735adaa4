"""Steps 2-5 of the data flow (clean, segment, relate, select) shared by every engine.

`prepare(documents)` turns raw reports into a `PreparedCluster`; engines turn that into sentences.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from summarizer.clean import clean_cluster
from summarizer.errors import InputError
from summarizer.relate import Fact, group_facts
from summarizer.segment import split_sentences
from summarizer.types import CleanDocument, Document, Removed, Sentence, SummarySentence


@dataclass
class PreparedCluster:
    documents: list[CleanDocument]      # kept documents; `CleanDocument.index` = input position
    removed: list[Removed]              # everything cleaning dropped, with reasons
    warnings: list[str]
    sentences: list[Sentence]           # all source sentences, document order
    embeddings: np.ndarray              # one L2-normalised row per sentence
    facts: list[Fact]                   # paraphrase groups across documents
    timings: dict[str, float] = field(default_factory=dict)

    def document(self, index: int) -> CleanDocument:
        return next(d for d in self.documents if d.index == index)


@dataclass
class EngineOutput:
    sentences: list[SummarySentence]
    warnings: list[str] = field(default_factory=list)


class Engine(Protocol):
    name: str
    model_id: str | None

    def summarize(self, cluster: PreparedCluster, max_words: int) -> EngineOutput: ...


def prepare(documents: list[Document], embedder) -> PreparedCluster:
    """Clean, segment, embed and group the reports of one cluster."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    cleaned = clean_cluster(documents)
    if not cleaned.documents:
        raise InputError("no article text left after cleaning: every document was empty or boilerplate")
    timings["clean"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    sentences = [s for doc in cleaned.documents for s in split_sentences(doc)]
    if not sentences:
        raise InputError("no sentences found in the documents")
    timings["segment"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    embeddings = embedder.encode([s.text for s in sentences])
    timings["embed"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    facts = group_facts(sentences, embeddings)
    timings["relate"] = time.perf_counter() - t0
    return PreparedCluster(cleaned.documents, cleaned.removed, list(cleaned.warnings),
                           sentences, embeddings, facts, timings)
