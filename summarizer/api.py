"""The one entry point: `Summarizer(...).summarize(documents) -> Summary`."""
from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from summarizer.embed import Embedder
from summarizer.engines import build_engine
from summarizer.errors import InputError
from summarizer.pipeline import prepare
from summarizer.types import Document, Summary

DEFAULT_ENGINE = "fusion"
DEFAULT_MAX_WORDS = 120


def as_documents(documents: str | Document | Sequence[str | Document | Path]) -> "LoadedDocuments":
    """Accept strings, `Document`s or paths; a lone string is one document."""
    # paths go through the same reader as the CLI
    from summarizer.ingest import LoadedDocuments, load_documents

    if isinstance(documents, (str, Document)):
        documents = [documents]
    # reader warnings (skipped empty files, extra clusters) travel with the list to the Summary
    out = LoadedDocuments(warnings=list(getattr(documents, "warnings", [])))
    for i, d in enumerate(documents):
        if isinstance(d, Document):
            out.append(d)
        elif isinstance(d, Path):
            loaded = load_documents([d])
            out.extend(loaded)
            out.warnings.extend(loaded.warnings)
        elif isinstance(d, str):
            out.append(Document(text=d, name=f"doc {i + 1}"))  # HTML strings are extracted in cleaning
        else:
            raise InputError(f"document {i + 1} is a {type(d).__name__}; expected text, a Document or a Path")
    if not out:
        raise InputError("no documents given")
    return out


def avoided_loaded_terms(sentences, cluster) -> list[dict[str, str]]:
    """Loaded terms (outside quotes) that the cited sources use but the summary does not."""
    from summarizer.neutral import find_loaded_terms, load_lexicon

    lexicon = load_lexicon()
    summary_terms = {t.term for s in sentences for t in find_loaded_terms(s.text)}
    avoided: dict[str, str] = {}
    for doc in cluster.documents:
        for t in find_loaded_terms(doc.text):
            if t.term not in summary_terms:
                avoided.setdefault(t.term, lexicon.get(t.term, t.replacement))
    return [{"term": k, "replacement": v} for k, v in sorted(avoided.items())]


class Summarizer:
    """Summarize a cluster of reports on one event.

    engine: "fusion" (default: the project's own model), "extractive", "lead", "lead-rr", "hf" (any seq2seq
    checkpoint, `model=` Hub id or path).
    """

    def __init__(self, engine: str = DEFAULT_ENGINE, model: str | None = None, device: str | None = None,
                 embedder: Embedder | None = None, **engine_options):
        t0 = time.perf_counter()
        self.embedder = embedder or Embedder(device=device)
        self.engine = build_engine(engine, model=model, device=device, embedder=self.embedder, **engine_options)
        self.load_seconds = time.perf_counter() - t0

    def summarize(self, documents, max_words: int | None = None) -> Summary:
        max_words = DEFAULT_MAX_WORDS if max_words is None else int(max_words)
        if max_words < 1:
            raise InputError(f"max_words must be at least 1, got {max_words}")
        t_start = time.perf_counter()
        documents = as_documents(documents)
        cluster = prepare(documents, self.embedder)
        cluster.warnings[:0] = documents.warnings
        t0 = time.perf_counter()
        out = self.engine.summarize(cluster, max_words)
        timings = dict(cluster.timings)
        timings["generate"] = time.perf_counter() - t0
        timings["total"] = time.perf_counter() - t_start
        return Summary(
            summary=" ".join(s.text for s in out.sentences),
            sentences=out.sentences,
            removed=cluster.removed,
            warnings=cluster.warnings + out.warnings,
            engine=self.engine.name,
            model=self.engine.model_id,
            timings={k: round(v, 4) for k, v in timings.items()},
            documents=cluster.documents,
            avoided_terms=avoided_loaded_terms(out.sentences, cluster),
        )

    def summarize_many(self, clusters: Iterable, batch_size: int = 8, max_words: int | None = None) -> list[Summary]:
        """Summarize several clusters. Engines that batch (hf) may override `summarize_batch`."""
        clusters = list(clusters)
        batch_fn = getattr(self.engine, "summarize_batch", None)
        if batch_fn is None:
            return [self.summarize(c, max_words=max_words) for c in clusters]
        results: list[Summary] = []
        for i in range(0, len(clusters), max(1, batch_size)):
            results.extend(self._summarize_batch(clusters[i:i + batch_size], max_words))
        return results

    def _summarize_batch(self, clusters: list, max_words: int | None) -> list[Summary]:
        max_words = DEFAULT_MAX_WORDS if max_words is None else int(max_words)
        t_start = time.perf_counter()
        prepared = [prepare(as_documents(c), self.embedder) for c in clusters]
        t0 = time.perf_counter()
        outs = self.engine.summarize_batch(prepared, max_words)
        per_cluster = (time.perf_counter() - t0) / max(1, len(clusters))
        total = (time.perf_counter() - t_start) / max(1, len(clusters))
        return [Summary(summary=" ".join(s.text for s in out.sentences), sentences=out.sentences,
                        removed=c.removed, warnings=c.warnings + out.warnings, engine=self.engine.name,
                        model=self.engine.model_id,
                        timings={**{k: round(v, 4) for k, v in c.timings.items()},
                                 "generate": round(per_cluster, 4), "total": round(total, 4)},
                        documents=c.documents, avoided_terms=avoided_loaded_terms(out.sentences, c))
                for c, out in zip(prepared, outs)]
