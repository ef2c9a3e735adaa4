"""Which report sentences a summary sentence may cite: those that state its fact, not every member
of a loose paraphrase group.

A fact group (relate.py, average linkage at cosine 0.65) is loose on purpose: it keeps selection
from saying one fact twice. A citation must hold on its own: the cited sentence is the summary
sentence itself, or a statement (not a question) that gives no number the summary sentence does not
and whose meaning is close to it: MiniLM cosine >= CITE_COSINE, or >= PARAPHRASE_COSINE when it
also repeats at least SHARED_WORDS of the sentence's content words (a paraphrase that keeps the
wording, which the embedding alone scores lower when one sentence carries more detail), or >=
NUMBER_COSINE with NUMBER_SHARED_WORDS of them when it also gives the sentence's own counts ("Police estimated that 2,000 farmers
gathered outside the town hall" backs "About 2,000 farmers protested outside the town hall": the number
is the fact, and a conflict flag that says reports 1 and 2 give 2,000 must find both cited). Support is
the number of reports among the citations.

Measured on hand-labelled (sentence, group member) pairs from Multi-News and NeuS validation clusters:
72 that chose the thresholds and 30 labelled after (tests/fixtures/citations.jsonl;
eval/scripts/citation_precision.py).
"""
from __future__ import annotations

import numpy as np

from summarizer.pipeline.relate import stated_values
from summarizer.text import QUOTE_MARKS, content_stems, numbers_in
from summarizer.types import Sentence, SourceRef

CITE_COSINE = 0.8
PARAPHRASE_COSINE = 0.7
SHARED_WORDS = 0.6
NUMBER_COSINE, NUMBER_SHARED_WORDS = 0.6, 0.75


def same_counts(sentence: str, source: str) -> bool:
    """Both give the same counts, and some (dates and ages aside: a shared date is no shared fact)."""
    counts = stated_values(sentence)["numbers"].keys()
    return bool(counts) and stated_values(source)["numbers"].keys() == counts


def states_the_fact(sentence: str, source: str, cosine: float) -> bool:
    """Whether `source` (a report sentence) backs `sentence`, given their embedding cosine."""
    numbers = numbers_in(sentence, units=True)
    floor = NUMBER_COSINE if same_counts(sentence, source) else PARAPHRASE_COSINE
    if cosine < floor or source.strip().rstrip(QUOTE_MARKS).endswith("?"):   # a question states nothing
        return False
    if not numbers_in(source, units=True) <= numbers:
        return False
    if cosine >= CITE_COSINE:
        return True
    words = content_stems(sentence)
    needed = SHARED_WORDS if cosine >= PARAPHRASE_COSINE else NUMBER_SHARED_WORDS
    return bool(words) and len(words & content_stems(source)) >= needed * len(words)


def citations(anchor: int, members: list[int], sentences: list[Sentence], embeddings: np.ndarray,
              rewrite: str | None = None, rewrite_embedding: np.ndarray | None = None) -> list[int]:
    """The members of the anchor's fact that state it, the anchor always, in document order. A fusion
    `rewrite` of the anchor says less than it, so a member giving the rewrite's own counts that states
    the rewrite is cited too ("Police estimated that 2,000 farmers gathered outside the town hall ..."
    for "About 2,000 farmers protested outside the town hall."). Only by its counts: a short rewrite is
    close in embedding to sentences that do not state it ("The radar imagery revealed that 1998 qe2 is a
    binary asteroid", cosine 0.85, for "A sequence of radar images of asteroid 1998 qe2 was obtained on
    the evening of may 29, 2013.")."""
    text = sentences[anchor].text
    kept = {m for m in members if m == anchor
            or states_the_fact(text, sentences[m].text, float(embeddings[m] @ embeddings[anchor]))}
    if rewrite is not None and rewrite_embedding is not None:
        kept |= {m for m in members if same_counts(rewrite, sentences[m].text)
                 and states_the_fact(rewrite, sentences[m].text, float(embeddings[m] @ rewrite_embedding))}
    kept.add(anchor)
    return sorted(kept, key=lambda m: (sentences[m].doc, sentences[m].index))


def cited_sources(anchor: int, members: list[int], sentences: list[Sentence], embeddings: np.ndarray,
                  rewrite: str | None = None, rewrite_embedding: np.ndarray | None = None) -> tuple[list[SourceRef], int]:
    """(citations as SourceRefs, support: how many reports they come from)."""
    cited = citations(anchor, members, sentences, embeddings, rewrite, rewrite_embedding)
    return [SourceRef.of(sentences[m]) for m in cited], len({sentences[m].doc for m in cited})
