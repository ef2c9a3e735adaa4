"""Attribute generated sentences to the source sentences that back them.

A generated sentence is matched to source sentences by embedding cosine blended with word overlap
(the share of its content words found in the source sentence), which keeps a paraphrase and a
near-copy both findable. Support is the number of distinct documents among the backing sentences.
Numbers and capitalised names that appear nowhere in the sources are flagged: abstractive models
invent them, and the reader should know.
"""
from __future__ import annotations

import re

import numpy as np

from summarizer.text import STOPWORDS, numbers_in
from summarizer.types import Flag, SourceRef, SummarySentence

TOP_K = 3                    # at most this many backing sentences per generated sentence
MATCH_THRESHOLD = 0.5        # blended score a source needs, beyond the best one, to be cited
LOW_SIMILARITY = 0.5         # best cosine under this: the sentence is weakly backed
COSINE_WEIGHT = 0.7          # blend: cosine carries meaning, overlap catches copied details

_WORD = re.compile(r"[\w'’]+")


def content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOPWORDS}


def _norm(word: str) -> str:
    """Lowercase, without a possessive 's (so "Kim's" is backed by "Kim")."""
    word = word.lower().strip("'’")
    return word[:-2] if word.endswith(("'s", "’s")) else word


def names_in(text: str) -> set[str]:
    """Capitalised words (names, places, sentence-initial words alike; the check is case-blind)."""
    return {_norm(w) for w in _WORD.findall(text) if w[0].isupper()} - {""}


def overlap_matrix(texts: list[str], sources: list[str]) -> np.ndarray:
    """Share of each text's content words present in each source sentence."""
    src_words = [content_words(s) for s in sources]
    out = np.zeros((len(texts), len(sources)), dtype=np.float32)
    for i, text in enumerate(texts):
        words = content_words(text)
        if not words:
            continue
        for j, sw in enumerate(src_words):
            out[i, j] = len(words & sw) / len(words)
    return out


def attribute(texts: list[str], cluster, embedder) -> list[SummarySentence]:
    """For each generated sentence: its backing source sentences (best first), support (distinct
    documents among them) and flags ("low-support", "unsupported-number", "unsupported-entity")."""
    texts = [t for t in texts if t.strip()]
    if not texts:
        return []
    sentences = cluster.sentences
    source_text = " ".join(d.text for d in cluster.documents) or " ".join(s.text for s in sentences)
    source_numbers = numbers_in(source_text)
    source_vocab = {_norm(w) for w in _WORD.findall(source_text)}

    if sentences:
        cosine = np.asarray(embedder.encode(texts), dtype=np.float32) @ np.asarray(cluster.embeddings).T
        score = COSINE_WEIGHT * cosine + (1 - COSINE_WEIGHT) * overlap_matrix(texts, [s.text for s in sentences])
    else:
        cosine = score = np.zeros((len(texts), 0), dtype=np.float32)

    out: list[SummarySentence] = []
    for i, text in enumerate(texts):
        flags: list[str] = []
        refs: list[SourceRef] = []
        if score.shape[1]:
            ranked = np.argsort(-score[i])[:TOP_K]
            chosen = [int(j) for k, j in enumerate(ranked) if k == 0 or score[i, j] >= MATCH_THRESHOLD]
            refs = [SourceRef.of(sentences[j]) for j in chosen]
            if float(cosine[i].max()) < LOW_SIMILARITY:
                flags.append(Flag.LOW_SUPPORT)
        else:
            flags.append(Flag.LOW_SUPPORT)
        if numbers_in(text) - source_numbers:
            flags.append(Flag.UNSUPPORTED_NUMBER)
        if names_in(text) - source_vocab:
            flags.append(Flag.UNSUPPORTED_ENTITY)
        out.append(SummarySentence(text=text, sources=refs, support=len({r.doc for r in refs}), flags=flags))
    return out
