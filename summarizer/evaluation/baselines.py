"""Extractive baselines every report includes (DESIGN.md, evaluation protocol).

Each takes the cluster's documents and a word budget and returns sentences in output order; the
runner joins them with newlines (so ROUGE-Lsum sees the sentence breaks). A budget is filled with
whole sentences and the last one is cut at the budget, the usual convention for lead baselines.

- `lead`: the first document's first sentences.
- `round_robin`: sentence 1 of every document, then sentence 2 of every document, ...
- `lexrank`: LexRank (Erkan & Radev 2004) on TF-IDF cosine similarities, redundancy-filtered.
- `centroid`: sentences closest to the cluster's mean MiniLM embedding, redundancy-filtered.
- `oracle`: greedy extractive oracle on the references (Nallapati et al. 2017): add the sentence that
  most raises mean ROUGE-1/2 F1 until nothing helps; an upper bound for extractive systems.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import numpy as np

from summarizer.engines.lead import lead_order
from summarizer.pipeline.segment import split_text
from summarizer.text import cut_to_words, word_count, words_that_fit

_WS = re.compile(r"\s+")


def split_sentences(text: str) -> list[str]:
    """Sentences of one document as the pipeline splits them; line breaks are also boundaries."""
    return [s for s in (_WS.sub(" ", piece).strip() for piece in split_text(text)) if s]


def fill_budget(sentences: list[str], max_words: int) -> list[str]:
    """Whole sentences while they fit; the sentence that crosses the budget is cut at it (no mark:
    the cut is the evaluation convention, not news to a reader)."""
    k = words_that_fit(sentences, max_words)
    room = max_words - sum(word_count(s) for s in sentences[:k])
    if k < len(sentences) and room > 0:
        return sentences[:k] + [cut_to_words(sentences[k], room, mark="")]
    return sentences[:k]


def _dedupe(sentences: list[str]) -> list[str]:
    seen, out = set(), []
    for s in sentences:
        key = _WS.sub(" ", s.lower()).strip()
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def lead(documents: list[str], max_words: int) -> list[str]:
    return fill_budget(lead_order([split_sentences(d) for d in documents], round_robin=False), max_words)


def round_robin(documents: list[str], max_words: int) -> list[str]:
    order = lead_order([split_sentences(d) for d in documents], round_robin=True)
    return fill_budget(_dedupe(order), max_words)


def _pick_by_score(sentences: list[str], scores: np.ndarray, similarity: np.ndarray, max_words: int,
                   redundancy: float) -> list[str]:
    """Best-scored sentences that fit, skipping near-repeats of a chosen one; source order."""
    chosen: list[int] = []
    used = 0
    for i in np.argsort(-scores, kind="stable"):
        n = len(sentences[i].split())
        if used + n > max_words or any(similarity[i, j] > redundancy for j in chosen):
            continue
        chosen.append(int(i))
        used += n
        if used >= max_words:
            break
    if not chosen and sentences:  # every sentence is longer than the budget: cut the best one
        return fill_budget([sentences[int(np.argmax(scores))]], max_words)
    return [sentences[i] for i in sorted(chosen)]


def _all_sentences(documents: list[str], min_words: int = 4) -> list[str]:
    sentences = _dedupe([s for d in documents for s in split_sentences(d)])
    long_enough = [s for s in sentences if len(s.split()) >= min_words]
    return long_enough or sentences


def lexrank(documents: list[str], max_words: int, threshold: float = 0.1, damping: float = 0.85,
            redundancy: float = 0.5) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences = _all_sentences(documents)
    if len(sentences) <= 1:
        return fill_budget(sentences, max_words)
    tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(sentences) \
        if any(re.search(r"\w", s) for s in sentences) else None
    similarity = (tfidf @ tfidf.T).toarray() if tfidf is not None else np.eye(len(sentences))
    adjacency = (similarity > threshold).astype(float)
    rows = adjacency.sum(axis=1, keepdims=True)
    transition = adjacency / np.where(rows == 0, 1, rows)
    n = len(sentences)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):  # power iteration of PageRank with damping
        new = (1 - damping) / n + damping * transition.T @ scores
        if np.abs(new - scores).sum() < 1e-8:
            break
        scores = new
    return _pick_by_score(sentences, scores, similarity, max_words, redundancy)


def centroid(documents: list[str], max_words: int, embedder=None, redundancy: float = 0.8) -> list[str]:
    if embedder is None:
        from summarizer.pipeline.embed import Embedder

        embedder = Embedder()
    sentences = _all_sentences(documents)
    if len(sentences) <= 1:
        return fill_budget(sentences, max_words)
    vectors = embedder.encode(sentences)
    center = vectors.mean(axis=0)
    center /= np.linalg.norm(center) or 1.0
    return _pick_by_score(sentences, vectors @ center, vectors @ vectors.T, max_words, redundancy)


# --- greedy oracle -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _rouge_tokenizer():
    from rouge_score.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)  # the tokens rouge_score's ROUGE itself counts


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _f1(candidate: Counter, reference: Counter) -> float:
    c, r = sum(candidate.values()), sum(reference.values())
    if not c or not r:
        return 0.0
    overlap = sum((candidate & reference).values())
    return 0.0 if not overlap else 2 * overlap / (c + r)


def oracle(documents: list[str], max_words: int, references: list[str]) -> list[str]:
    """Greedy oracle: mean of ROUGE-1 and ROUGE-2 F1, averaged over the references."""
    sentences = _all_sentences(documents, min_words=1)
    refs = [r for r in references if r.strip()]
    if not sentences or not refs:
        return lead(documents, max_words)
    tok = _rouge_tokenizer()
    sent_tokens = [tok.tokenize(s) for s in sentences]
    ref_tokens = [tok.tokenize(r) for r in refs]
    ref_grams = [(_ngrams(t, 1), _ngrams(t, 2)) for t in ref_tokens]

    def score(tokens: list[str]) -> float:
        g1, g2 = _ngrams(tokens, 1), _ngrams(tokens, 2)
        return float(np.mean([(_f1(g1, r1) + _f1(g2, r2)) / 2 for r1, r2 in ref_grams]))

    chosen: list[int] = []
    best, used = 0.0, 0
    while True:
        candidates = []
        for i, s in enumerate(sentences):
            if i in chosen or used + len(s.split()) > max_words:
                continue
            # score the summary as ROUGE will see it: chosen sentences in source order
            tokens = [t for j in sorted(chosen + [i]) for t in sent_tokens[j]]
            candidates.append((score(tokens), -i, i))
        if not candidates:
            break
        value, _, i = max(candidates)
        if value <= best:
            break
        best = value
        chosen.append(i)
        used += len(sentences[i].split())
    if not chosen:  # nothing fits the budget: the best single sentence, cut
        i = max(range(len(sentences)), key=lambda k: score(sent_tokens[k]))
        return fill_budget([sentences[i]], max_words)
    return [sentences[i] for i in sorted(chosen)]


BASELINES = {
    "lead": "first document's first sentences",
    "round-robin": "first sentence of every document, then the second, ...",
    "lexrank": "LexRank on TF-IDF cosine similarity (scikit-learn)",
    "centroid": "sentences nearest the mean MiniLM embedding",
    "oracle": "greedy extractive oracle on the references (upper bound)",
}
