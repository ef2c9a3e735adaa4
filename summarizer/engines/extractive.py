"""`extractive` engine: the selected source sentences verbatim, each citing its paraphrase group.

The baseline every other engine is measured against, and their fallback. Options are the fields of
`SelectionWeights` (e.g. `mmr_lambda=0.8`); quality on Multi-News, NeuS and DUC 2006: the configs in
eval/ (`mds eval run --config eval/neus-val.toml --option mmr_lambda=0.8` tries an option)."""
from __future__ import annotations

from summarizer.engines.base import Engine
from summarizer.pipeline.prepare import EngineOutput, PreparedCluster
from summarizer.pipeline.select import SelectionWeights, select, to_summary_sentences
from summarizer.types import Flag


class ExtractiveEngine(Engine):
    name = "extractive"
    model_id = None

    def __init__(self, model=None, device=None, embedder=None, **options):
        # the embedder is used by `prepare`; extractive selection needs nothing else
        self.weights = SelectionWeights(**options)

    def summarize(self, cluster: PreparedCluster, max_words: int) -> EngineOutput:
        choices = select(cluster.sentences, cluster.embeddings, cluster.facts, max_words, self.weights,
                         relevance=cluster.relevance, loaded=cluster.loaded)
        cluster.timings["select"] = choices.seconds
        warnings = list(choices.warnings)
        if any(Flag.TRUNCATED in c.flags for c in choices):
            warnings.append(f"no sentence fits in {max_words} words; the shortest one was cut")
        return EngineOutput(to_summary_sentences(choices, cluster.sentences, cluster.facts, cluster.embeddings),
                            warnings)
