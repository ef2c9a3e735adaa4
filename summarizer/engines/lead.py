"""`lead` baselines: the first sentences of the first report (`lead`), or of every report in
turn (`lead-rr`, round-robin), up to the word budget. No embeddings, no selection."""
from __future__ import annotations

from summarizer.pipeline import EngineOutput, PreparedCluster
from summarizer.types import Sentence, SourceRef, SummarySentence


def _lead_order(sentences: list[Sentence], round_robin: bool) -> list[Sentence]:
    by_doc: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_doc.setdefault(s.doc, []).append(s)
    docs = [by_doc[d] for d in sorted(by_doc)]
    if not round_robin:
        return docs[0] if docs else []
    order = []
    for rank in range(max((len(d) for d in docs), default=0)):
        order.extend(d[rank] for d in docs if rank < len(d))
    return order


def lead_sentences(sentences: list[Sentence], max_words: int, round_robin: bool = False) -> list[Sentence]:
    """Leading sentences in order while they fit (none if the first one is longer than the budget)."""
    out, used = [], 0
    for s in _lead_order(sentences, round_robin):
        n = len(s.text.split())
        if used + n > max_words:
            break
        out.append(s)
        used += n
    return out


class LeadEngine:
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
            text = " ".join(first.text.split()[:max_words]) + " …"
            warnings.append(f"the first sentence is longer than {max_words} words; it was cut")
            return EngineOutput([SummarySentence(text=text, sources=[_ref(first)], support=1,
                                                 flags=["truncated"])], warnings)
        return EngineOutput([SummarySentence(text=s.text, sources=[_ref(s)], support=1) for s in chosen],
                            warnings)


class RoundRobinLeadEngine(LeadEngine):
    def __init__(self, model=None, device=None, embedder=None, **options):
        options.pop("round_robin", None)
        super().__init__(model=model, device=device, embedder=embedder, round_robin=True, **options)


def _ref(s: Sentence) -> SourceRef:
    return SourceRef(doc=s.doc, sentence=s.index, text=s.text, start=s.start, end=s.end)
