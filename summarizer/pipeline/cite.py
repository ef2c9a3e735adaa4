"""Which report sentences a summary sentence may cite: those that state its fact, not every member
of a loose paraphrase group.

A fact group (relate.py, average linkage at cosine 0.65) is loose on purpose: it keeps selection
from saying one fact twice. A citation must hold on its own: the cited sentence is the summary
sentence itself, or a statement (not a question) that gives no number the summary sentence does not
and whose meaning is close to it: MiniLM cosine >= CITE_COSINE, or >= PARAPHRASE_COSINE when it
also repeats at least SHARED_WORDS of the sentence's content words (a paraphrase that keeps the
wording, which the embedding alone scores lower when one sentence carries more detail). Support is
the number of reports among the citations.

Measured on hand-labelled (sentence, group member) pairs from Multi-News and NeuS validation clusters:
72 that chose the thresholds and 30 labelled after (tests/fixtures/citations.jsonl;
eval/scripts/citation_precision.py).
"""
from __future__ import annotations

import numpy as np

from summarizer.text import QUOTE_MARKS, content_stems, numbers_in
from summarizer.types import Sentence, SourceRef

CITE_COSINE = 0.8
PARAPHRASE_COSINE = 0.7
SHARED_WORDS = 0.6


def states_the_fact(sentence: str, source: str, cosine: float) -> bool:
    """Whether `source` (a report sentence) backs `sentence`, given their embedding cosine."""
    if cosine < PARAPHRASE_COSINE or source.strip().rstrip(QUOTE_MARKS).endswith("?"):   # a question states nothing
        return False
    if not numbers_in(source, units=True) <= numbers_in(sentence, units=True):
        return False
    if cosine >= CITE_COSINE:
        return True
    words = content_stems(sentence)
    return bool(words) and len(words & content_stems(source)) >= SHARED_WORDS * len(words)


def citations(anchor: int, members: list[int], sentences: list[Sentence], embeddings: np.ndarray) -> list[int]:
    """The members of the anchor's fact that state it (the anchor always), in document order."""
    text = sentences[anchor].text
    kept = [m for m in members if m == anchor
            or states_the_fact(text, sentences[m].text, float(embeddings[m] @ embeddings[anchor]))]
    if anchor not in kept:
        kept.append(anchor)
    return sorted(kept, key=lambda m: (sentences[m].doc, sentences[m].index))


def cited_sources(anchor: int, members: list[int], sentences: list[Sentence],
                  embeddings: np.ndarray) -> tuple[list[SourceRef], int]:
    """(citations as SourceRefs, support: how many reports they come from)."""
    cited = citations(anchor, members, sentences, embeddings)
    return [SourceRef.of(sentences[m]) for m in cited], len({sentences[m].doc for m in cited})
