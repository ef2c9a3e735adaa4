"""The one entry point: `Summarizer(...).summarize(documents) -> Summary`."""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.engines import build_engine, check_engine_options
from summarizer.errors import InputError
from summarizer.pipeline.embed import Embedder
from summarizer.pipeline.prepare import PreparedCluster, prepare, with_focus
from summarizer.runtime import requested_backend
from summarizer.text import MAX_WORDS_LIMIT
from summarizer.types import ClusterError, Document, Summary

if TYPE_CHECKING:
    from summarizer.pipeline.ingest import LoadedDocuments

DEFAULT_ENGINE = "fusion"
DEFAULT_MAX_WORDS = 120
BACKEND_ENGINES = ("fusion", "hf")      # engines with a model that CTranslate2 can serve

logger = logging.getLogger(__name__)


def as_documents(documents: str | Document | Sequence[str | Document | Path]) -> LoadedDocuments:
    """Accept strings, `Document`s or paths; a lone string is one document. Anything else is an InputError."""
    # paths go through the same reader as the CLI
    from summarizer.pipeline.ingest import LoadedDocuments, load_documents

    if isinstance(documents, (str, Document, Path)):
        documents = [documents]
    elif documents is None or isinstance(documents, (bytes, bytearray, dict)) or not isinstance(documents, Iterable):
        hint = {"NoneType": "", "dict": " (for a cluster dict, pass its documents list)",
                "bytes": " (decode the bytes to text first)", "bytearray": " (decode the bytes to text first)"}
        kind = type(documents).__name__
        raise InputError(f"documents must be a list of texts, Documents or Paths; got {kind}{hint.get(kind, '')}")
    # reader warnings (skipped empty files, extra clusters) travel with the list to the Summary
    out = LoadedDocuments(warnings=list(getattr(documents, "warnings", [])))
    for i, d in enumerate(documents):
        if isinstance(d, Document):
            if not isinstance(d.text, str):
                raise InputError(f"document {i + 1}: Document.text is a {type(d.text).__name__}; expected text")
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


def avoided_loaded_terms(sentences, in_reports: list[tuple[int, object]]) -> list[dict[str, str]]:
    """Loaded terms (outside quotes) that the reports use but the summary does not."""
    from summarizer.neutral.terms import find_loaded_terms, load_lexicon

    lexicon = load_lexicon()
    summary_terms = {t.term for s in sentences for t in find_loaded_terms(s.text)}
    avoided: dict[str, str] = {}
    for _, t in in_reports:
        if t.term not in summary_terms:
            avoided.setdefault(t.term, lexicon.get(t.term, t.replacement))
    return [{"term": k, "replacement": v} for k, v in sorted(avoided.items())]


class Summarizer:
    """Summarize a cluster of reports on one event.

    engine: "fusion" (default: the project's own model), "extractive", "lead", "lead-rr", "hf" (any seq2seq
    checkpoint, `model=` Hub id or path).
    backend: "auto" (default, or $MDS_BACKEND: CTranslate2 for the sentence encoder and the fusion model
    when it can, else torch), "ct2" or "torch" (transformers, as in training).
    """

    def __init__(self, engine: str = DEFAULT_ENGINE, model: str | None = None, device: str | None = None,
                 embedder: Embedder | None = None, backend: str | None = None, **engine_options):
        t0 = time.perf_counter()
        self._last: tuple | None = None   # (the last documents, their PreparedCluster): a new focus reuses it
        for label, value in (("model", model), ("device", device)):
            if value is not None and not isinstance(value, (str, Path)):
                raise InputError(f"{label} must be a string, got {type(value).__name__}")
        check_engine_options(engine, model, engine_options)   # before loading anything
        backend = requested_backend(backend)
        if engine in BACKEND_ENGINES:
            engine_options["backend"] = backend
        self.embedder = embedder or Embedder(device=device, backend=backend)
        self.engine = build_engine(engine, model=model, device=device, embedder=self.embedder, **engine_options)
        self.load_seconds = time.perf_counter() - t0

    def summarize(self, documents, max_words: int | None = None, focus: str | None = None) -> Summary:
        """`focus`: a question or topic ("what did the two leaders say about satellites?") that the
        summary should answer; None gives the generic summary. Asking the same documents again with
        another focus reuses their cleaning, sentences and embeddings."""
        max_words = checked_max_words(max_words)
        t_start = time.perf_counter()
        cluster = self._prepare(documents, focus)
        t0 = time.perf_counter()
        out = self.engine.summarize(cluster, max_words)
        return self._summary(cluster, out, generate=time.perf_counter() - t0, total=time.perf_counter() - t_start)

    def summarize_urls(self, urls, max_words: int | None = None, focus: str | None = None, *,
                       timeout: float | None = None, deadline: float | None = None,
                       max_bytes: int | None = None, allow_private=False) -> Summary:
        """Fetch http(s) links (a few at a time) and summarize the pages, as `summarize` does saved files.

        Each document is named by its link (`url`: the address read, after redirects). A link that cannot
        be read (HTTP error, timeout, not HTML/text/PDF, too big, no article text) is skipped and named in
        the Summary's warnings; InputError when none can be. `timeout` is per page (10 s), `deadline` for
        all (30 s), `max_bytes` per page (8 MB). Hosts on private, loopback or link-local networks are
        refused unless `allow_private` is True (or lists the networks to allow)."""
        from summarizer.pipeline.fetch import FetchOptions, is_url
        from summarizer.pipeline.ingest import load_documents

        given = {"timeout": timeout, "deadline": deadline, "max_bytes": max_bytes}
        options = FetchOptions(allow_private=allow_private, **{k: v for k, v in given.items() if v is not None})
        urls = [urls] if isinstance(urls, str) else list(urls) if isinstance(urls, Iterable) else None
        if urls is None or not all(isinstance(u, str) for u in urls):
            raise InputError("urls must be a list of http(s) links (strings)")
        if not urls:
            raise InputError("no links given")
        for u in urls:
            if not is_url(u):
                raise InputError(f"not a link (expected http:// or https://...): {u[:100]!r}")
        documents = load_documents(urls, max_bytes=options.max_bytes, fetch=options)
        return self.summarize(documents, max_words=max_words, focus=focus)

    def summarize_many(self, clusters: Iterable, batch_size: int = 8,
                       max_words: int | None = None) -> list[Summary | ClusterError]:
        """Summarize several clusters: one result per cluster, in order.

        A cluster is what `summarize` takes, or a dict `{"id", "documents"}` with an optional "focus".
        A cluster that cannot be summarized gets a `ClusterError` (its position, its id when it has one, the reason) instead of
        a `Summary`, and the others keep theirs. Engines that batch their model (fusion, hf) generate
        `batch_size` clusters together."""
        max_words = checked_max_words(max_words)  # a bad budget is wrong for every cluster: raise
        clusters = list(clusters)
        step = max(1, int(batch_size))
        results: list[Summary | ClusterError] = []
        for start in range(0, len(clusters), step):
            results.extend(self._summarize_batch(clusters[start:start + step], max_words, first=start))
        return results

    # ---- one place that turns documents into a prepared cluster, and engine output into a Summary -------
    def _prepare(self, documents, focus: str | None = None) -> PreparedCluster:
        documents = as_documents(documents)
        key = tuple((d.name, d.text) for d in documents)
        if self._last is not None and self._last[0] == key:   # the same reports, another focus
            return with_focus(self._last[1], focus, self.embedder)
        cluster = prepare(documents, self.embedder)
        cluster.warnings[:0] = documents.warnings  # reader warnings (skipped files...) come first
        self._last = (key, cluster)
        return with_focus(cluster, focus, self.embedder)

    def _summary(self, cluster: PreparedCluster, out, generate: float, total: float) -> Summary:
        in_reports = cluster.loaded_terms
        timings = {**cluster.timings, "generate": generate, "total": total}
        return Summary(
            summary=" ".join(s.text for s in out.sentences),
            sentences=out.sentences,
            removed=cluster.removed,
            warnings=cluster.warnings + out.warnings,
            engine=self.engine.name,
            model=self.engine.model_id,
            timings={k: round(v, 4) for k, v in timings.items()},
            documents=cluster.documents,
            avoided_terms=avoided_loaded_terms(out.sentences, in_reports),
            report_sentences=cluster.sentences,
            report_loaded_terms=in_reports,
        )

    def _summarize_batch(self, clusters: list, max_words: int, first: int = 0) -> list[Summary | ClusterError]:
        """Prepare each cluster on its own (a bad one becomes a ClusterError), then generate the good ones
        together; generation time is shared equally among them."""
        results: list[Summary | ClusterError | None] = [None] * len(clusters)
        prepared: dict[int, tuple[PreparedCluster, float]] = {}
        for i, item in enumerate(clusters):
            t0 = time.perf_counter()
            try:
                focus = item.get("focus") if isinstance(item, dict) else None
                prepared[i] = (self._prepare(cluster_documents(item), focus), time.perf_counter() - t0)
            except Exception as e:  # noqa: BLE001 - any failure is that cluster's, reported in its entry
                results[i] = cluster_error(first + i, item, e)
        t0 = time.perf_counter()
        outs = self._generate([c for c, _ in prepared.values()], max_words)
        share = (time.perf_counter() - t0) / max(1, len(prepared))
        for (i, (cluster, prep_seconds)), out in zip(prepared.items(), outs):
            if isinstance(out, Exception):
                results[i] = cluster_error(first + i, clusters[i], out)
            else:
                results[i] = self._summary(cluster, out, generate=share, total=prep_seconds + share)
        return results  # type: ignore[return-value]

    def _generate(self, clusters: list[PreparedCluster], max_words: int) -> list:
        """Engine outputs (or the exception a cluster raised), batched when the engine can batch."""
        if len(clusters) > 1:
            try:
                return self.engine.summarize_batch(clusters, max_words)
            except Exception:  # noqa: BLE001 - redo one by one to find the cluster that broke the batch
                logger.warning("batch generation failed; retrying its clusters one by one", exc_info=True)
        outs = []
        for cluster in clusters:
            try:
                outs.append(self.engine.summarize(cluster, max_words))
            except Exception as e:  # noqa: BLE001
                outs.append(e)
        return outs


def checked_max_words(max_words) -> int:
    """The word budget (default DEFAULT_MAX_WORDS); anything but a positive whole number is an InputError."""
    if max_words is None:
        return DEFAULT_MAX_WORDS
    if (isinstance(max_words, bool) or not isinstance(max_words, (int, float))
            or not math.isfinite(max_words) or max_words != int(max_words)):   # nan and inf are no budget
        raise InputError(f"max_words must be a positive whole number, got {max_words!r}")
    if not 1 <= max_words <= MAX_WORDS_LIMIT:
        raise InputError(f"max_words must be between 1 and {MAX_WORDS_LIMIT:,}, got {max_words:g}")
    return int(max_words)


def cluster_documents(cluster):
    """The documents of one `summarize_many` item: a dict `{"id", "documents"}` or what `summarize` takes."""
    if isinstance(cluster, dict):
        if "documents" not in cluster:
            raise InputError('cluster has no "documents"')
        return cluster["documents"]
    return cluster


def cluster_error(position: int, cluster, error: Exception) -> ClusterError:
    """The error entry for a cluster: InputErrors keep their message, anything else is named by its type."""
    if not isinstance(error, InputError):  # unexpected: keep the traceback for `-v` / logging users
        traceback = error if logger.isEnabledFor(logging.INFO) else None
        logger.warning("cluster %d failed: %r", position, error, exc_info=traceback)
    cid = cluster.get("id") if isinstance(cluster, dict) else None
    message = str(error) if isinstance(error, InputError) else f"{type(error).__name__}: {error}"
    return ClusterError(position=position, id=None if cid is None else str(cid), error=message)
