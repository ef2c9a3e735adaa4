"""Steps 2-5 of the data flow (clean, segment, relate, select) shared by every engine.

`prepare(documents)` turns raw reports into a `PreparedCluster`; engines turn that into sentences.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from summarizer.errors import InputError
from summarizer.files import checked_focus
from summarizer.pipeline import chrome_filter
from summarizer.pipeline.clean import clean_cluster
from summarizer.pipeline.relate import Fact, group_facts
from summarizer.pipeline.segment import split_sentences
from summarizer.types import KEPT_IN_TEXT, CleanDocument, Document, RemovalReason, Removed, Sentence, SummarySentence

# Relating sentences is quadratic (n x n similarities, average-linkage clustering): these caps keep
# one cluster under a few hundred MB and a few minutes whatever the input.
MAX_DOCUMENTS = 200
MAX_SENTENCES = 3000


@dataclass
class PreparedCluster:
    documents: list[CleanDocument]      # kept documents; `CleanDocument.index` = input position
    removed: list[Removed]              # everything cleaning dropped, with reasons
    warnings: list[str]
    sentences: list[Sentence]           # all source sentences, document order
    embeddings: np.ndarray              # one L2-normalised row per sentence
    facts: list[Fact]                   # paraphrase groups across documents
    timings: dict[str, float] = field(default_factory=dict)
    focus: str | None = None            # what the reader asked about, if anything
    relevance: np.ndarray | None = None  # each sentence's relevance to the focus, 0..1 (None: no focus)
    loaded_terms: list = field(default_factory=list)   # (document index, LoadedTerm) outside quotations
    loaded: np.ndarray | None = None    # 1.0 for sentences holding one of them (None: no lexicon)

    def document(self, index: int) -> CleanDocument:
        return next(d for d in self.documents if d.index == index)


@dataclass
class EngineOutput:
    sentences: list[SummarySentence]
    warnings: list[str] = field(default_factory=list)


def cap_sentences(per_doc: list[list[Sentence]], cap: int) -> list[list[Sentence]]:
    """Each document's opening sentences, `cap` in all, shared fairly: short documents keep all of
    theirs and the long ones split the rest equally (news puts the facts first)."""
    if sum(map(len, per_doc)) <= cap:
        return per_doc
    quota = {}
    left, remaining = cap, len(per_doc)
    for i in sorted(range(len(per_doc)), key=lambda i: len(per_doc[i])):
        quota[i] = min(len(per_doc[i]), left // remaining)
        left -= quota[i]
        remaining -= 1
    return [doc[:quota[i]] for i, doc in enumerate(per_doc)]


def with_focus(cluster: PreparedCluster, focus: str | None, embedder) -> PreparedCluster:
    """`cluster` steered towards `focus` (a question or topic statement): each sentence's relevance is
    its embedding cosine to the focus, scaled 0..1 over the cluster. No focus (None or blank) gives
    the generic summary. A new object: the same prepared cluster serves several focuses."""
    from dataclasses import replace

    focus = checked_focus(focus)
    relevance = None
    if focus:
        cosine = cluster.embeddings @ np.asarray(embedder.encode([focus])[0], dtype=np.float32)
        span = float(cosine.max() - cosine.min()) if len(cosine) else 0.0
        relevance = ((cosine - cosine.min()) / span if span > 1e-6 else np.zeros_like(cosine)).astype(np.float32)
    return replace(cluster, focus=focus, relevance=relevance, warnings=list(cluster.warnings),
                   timings=dict(cluster.timings))


def prepare(documents: list[Document], embedder, drop_chrome: bool = True) -> PreparedCluster:
    """Clean, segment, embed and group the reports of one cluster. `drop_chrome`: drop the sentences the
    learned chrome filter flags (off only to train it; it reads MiniLM's vectors, so another embedder
    goes without it)."""
    if len(documents) > MAX_DOCUMENTS:
        raise InputError(f"{len(documents):,} documents given; one cluster takes {MAX_DOCUMENTS} at most "
                         "(a cluster is reports on one event: split the input)")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    cleaned = clean_cluster(documents)
    if not cleaned.documents:
        raise InputError("no article text left after cleaning: every document was empty or boilerplate")
    timings["clean"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    per_doc = [split_sentences(doc) for doc in cleaned.documents]
    sentences = [s for doc in cap_sentences(per_doc, MAX_SENTENCES) for s in doc]
    if not sentences:
        raise InputError("no sentences found in the documents")
    total = sum(map(len, per_doc))
    if total > len(sentences):
        cleaned.warnings.append(f"the reports hold {total:,} sentences; only the first {len(sentences):,} were used "
                                f"(each report keeps its opening sentences, {MAX_SENTENCES:,} in all)")
    timings["segment"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    embeddings = embedder.encode([s.text for s in sentences])
    timings["embed"] = time.perf_counter() - t0
    if drop_chrome and chrome_filter.reads(embedder):
        sentences, embeddings = drop_learned_chrome(cleaned, sentences, embeddings)

    t0 = time.perf_counter()
    facts = group_facts(sentences, embeddings)
    timings["relate"] = time.perf_counter() - t0
    terms, loaded = loaded_wording(cleaned.documents, sentences)
    return PreparedCluster(cleaned.documents, cleaned.removed, list(cleaned.warnings),
                           sentences, embeddings, facts, timings, loaded_terms=terms, loaded=loaded)


def drop_learned_chrome(cleaned, sentences: list[Sentence], embeddings: np.ndarray):
    """The sentences (and their embeddings) left once the chrome filter's (`chrome_filter.py`) are gone:
    those its model calls chrome, and lines pasted into several reports that relate to nothing else. The
    rest are listed as removed. It never empties a cluster: chrome is what surrounds the news, not all of it."""
    learned, unrelated = chrome_filter.flagged(sentences, embeddings)
    drop = learned | unrelated
    if not drop.any() or drop.all():
        return sentences, embeddings
    raw = {d.index: d.raw for d in cleaned.documents}
    for s, by_model, gone in zip(sentences, learned, drop):
        if gone:
            at = raw[s.doc].find(s.text)
            reason = RemovalReason.LEARNED_CHROME if by_model else RemovalReason.UNRELATED_LINE
            cleaned.removed.append(Removed(s.doc, s.text, reason, at, at + len(s.text) if at >= 0 else -1,
                                           detail=KEPT_IN_TEXT, clean_at=s.start))
    keep = ~drop
    return renumbered([s for s, k in zip(sentences, keep) if k]), embeddings[keep]


def renumbered(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences numbered again within each report, as the rules' cleaning leaves them: selection reads
    a sentence's number as its place in the story, and an ad dropped from the top must not push the
    report's lead to second place."""
    count: dict[int, int] = {}
    out = []
    for s in sentences:
        out.append(replace(s, index=count.get(s.doc, 0)))
        count[s.doc] = out[-1].index + 1
    return out


def loaded_wording(documents: list[CleanDocument], sentences: list[Sentence]) -> tuple[list, np.ndarray | None]:
    """One scan of the reports for loaded terms outside quotations (a quotation may span sentences,
    so whole reports are scanned): the (document index, LoadedTerm) list that the summary reports,
    and the per-sentence flags that selection penalises. No flags when the lexicon is unavailable."""
    try:
        from summarizer.neutral.terms import find_loaded_terms

        terms = [(doc.index, t) for doc in documents for t in find_loaded_terms(doc.text)]
    except (ImportError, OSError):   # lexicon missing: summarize without the penalty rather than fail
        return [], None
    spans: dict[int, list[tuple[int, int]]] = {}
    for index, t in terms:
        spans.setdefault(index, []).append((t.start, t.end))
    loaded = np.array([any(a < s.end and s.start < b for a, b in spans.get(s.doc, ()))
                       for s in sentences], dtype=np.float32)
    return terms, loaded
