"""`lead` baselines: the first sentences of the first report (`lead`), or of every report in
turn (`lead-rr`, round-robin), up to the word budget. No embeddings, no selection."""
from __future__ import annotations

from typing import TypeVar

from summarizer.engines.base import Engine
from summarizer.pipeline.prepare import EngineOutput, PreparedCluster
from summarizer.text import cut_to_words, words_that_fit
from summarizer.types import Flag, Sentence, SourceRef, SummarySentence

T = TypeVar("T")


def lead_order(docs: list[list[T]], round_robin: bool) -> list[T]:
    """The first non-empty document's sentences; or, round-robin, every document's first sentence,
    then every second one, and so on. (The evaluation's lead baselines use it on raw documents.)"""
    docs = [d for d in docs if d]
    if not round_robin:
        return docs[0] if docs else []
    order = []
    for rank in range(max((len(d) for d in docs), default=0)):
        order.extend(d[rank] for d in docs if rank < len(d))
    return order


def _lead_order(sentences: list[Sentence], round_robin: bool) -> list[Sentence]:
    by_doc: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_doc.setdefault(s.doc, []).append(s)
    return lead_order([by_doc[d] for d in sorted(by_doc)], round_robin)


def lead_sentences(sentences: list[Sentence], max_words: int, round_robin: bool = False) -> list[Sentence]:
    """Leading sentences in order while they fit (none if the first one is longer than the budget)."""
    order = _lead_order(sentences, round_robin)
    return order[:words_that_fit((s.text for s in order), max_words)]


class LeadEngine(Engine):
    name = "lead"
    model_id = None

    def __init__(self, model=None, device=None, embedder=None, round_robin: bool = False, **options):
        self.round_robin = round_robin
        if round_robin:
            self.name = "lead-rr"

    def summarize(self, cluster: PreparedCluster, max_words: int) -> EngineOutput:
        chosen = lead_sentences(cluster.sentences, max_words, self.round_robin)
        warnings = []
        if not chosen and cluster.sentences:
            first = _lead_order(cluster.sentences, self.round_robin)[0]
            text = cut_to_words(first.text, max_words)
            warnings.append(f"the first sentence is longer than {max_words} words; it was cut")
            return EngineOutput([SummarySentence(text=text, sources=[SourceRef.of(first)], support=1,
                                                 flags=[Flag.TRUNCATED])], warnings)
        return EngineOutput([SummarySentence(text=s.text, sources=[SourceRef.of(s)], support=1) for s in chosen],
                            warnings)


class RoundRobinLeadEngine(LeadEngine):
    def __init__(self, model=None, device=None, embedder=None, **options):
        options.pop("round_robin", None)
        super().__init__(model=model, device=device, embedder=embedder, round_robin=True, **options)
