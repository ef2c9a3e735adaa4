"""What every engine is: it turns a prepared cluster into summary sentences within a word budget."""
from __future__ import annotations

from abc import ABC, abstractmethod

from summarizer.pipeline.prepare import EngineOutput, PreparedCluster


class Engine(ABC):
    name: str
    model_id: str | None = None    # the checkpoint, for engines that generate

    @abstractmethod
    def summarize(self, cluster: PreparedCluster, max_words: int) -> EngineOutput:
        """Sentences of at most `max_words` words in all, each citing its sources."""

    def summarize_batch(self, clusters: list[PreparedCluster], max_words: int) -> list[EngineOutput]:
        """One output per cluster, in order. Engines that generate override it to batch the model."""
        return [self.summarize(cluster, max_words) for cluster in clusters]
