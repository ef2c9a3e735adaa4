"""Page chrome the cleaner's rules miss, judged by a learned model over the sentences' embeddings.

The rules of `clean.py` and `boilerplate.py` catch chrome by its form (cues, prices, buttons, bylines);
each new site words its prompts a new way ("Want more stories like this? Join our digest"). This model
reads what a sentence says: a logistic regression over its MiniLM embedding (already computed for
relating sentences) and how it relates to the rest of the cluster, trained on the chrome the rules
remove from Multi-News and NeuS training reports, against the sentences they keep
(`python -m summarizer.training.chrome_filter all`; model card in summarizer/models/chrome/README.md).

`flagged(sentences, embeddings)` says which sentences to drop; `prepare()` drops them before
relating and selection and lists them as removed ("chrome (learned)"), when its embedder is MiniLM.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.types import Sentence

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "chrome"
MODEL_FILE = "chrome_filter.npz"
COPY = 0.9      # a sentence this similar to another is a copy of it, not a fact it relates to
UNRELATED = 0.3  # a line pasted into several reports and no closer than this to any other sentence is chrome
LEANS = 0.5    # a sentence the model scores this high is not what a pasted line can relate to
PASTED_JACCARD = 0.8   # two reports' sentences sharing this share of their words are one pasted line
_WORD = re.compile(r"[a-z0-9]+")
CONTEXT_FEATURES = ("log_words", "related", "centroid", "position", "first", "last")


def similarities(embeddings: np.ndarray) -> np.ndarray:
    """The sentences' cosines, each with itself set to -1: what both the model's features and the
    pasted-line rule read (`flagged` computes it once for both)."""
    similarity = embeddings @ embeddings.T
    np.fill_diagonal(similarity, -1.0)
    return similarity


def closest_other(similarity: np.ndarray, ignored: np.ndarray | None = None) -> np.ndarray:
    """Per sentence, its cosine to the closest other sentence of the cluster that is not `ignored` (by
    default its copies, cosine >= COPY); -1 when there is none. A fact shares its topic with the rest of the
    story; another story's headline or an ad does not."""
    if similarity.shape[0] < 2:
        return np.full(similarity.shape[0], -1.0, dtype=np.float32)
    ignored = similarity >= COPY if ignored is None else ignored
    return np.where(ignored, -1.0, similarity).max(axis=1)


def context_features(sentences: list[Sentence], embeddings: np.ndarray, similarity: np.ndarray | None = None) -> np.ndarray:
    """Per sentence: its length, how close it comes to any other sentence of the cluster that is not a
    copy of it (a fact shares its topic with the story; another story's headline does not), its cosine
    to the cluster's centroid, and where it sits in its report."""
    n = len(sentences)
    out = np.zeros((n, len(CONTEXT_FEATURES)), dtype=np.float32)
    if n == 0:
        return out
    similarity = similarities(embeddings) if similarity is None else similarity
    centroid = embeddings.mean(axis=0)
    centroid /= max(float(np.linalg.norm(centroid)), 1e-6)
    docs = np.array([s.doc for s in sentences])
    order = np.zeros(n, dtype=np.float32)        # the sentence's place among its report's sentences
    last = np.zeros(n, dtype=np.float32)
    for doc in sorted(set(docs.tolist())):     # np.unique would import numpy.ma (30 ms of a cold start)
        at = np.nonzero(docs == doc)[0]
        order[at] = np.arange(len(at))
        last[at] = len(at) - 1
    out[:, 0] = np.log1p([len(s.text.split()) for s in sentences])
    out[:, 1] = np.maximum(closest_other(similarity), 0.0)
    out[:, 2] = embeddings @ centroid
    out[:, 3] = order / np.maximum(last, 1)
    out[:, 4] = order == 0
    out[:, 5] = order == last
    return out


@lru_cache(maxsize=2)
def _model(path: Path) -> dict | None:
    if not path.exists():
        return None
    with np.load(path) as z:
        return {"mean": z["mean"], "scale": z["scale"], "coef": z["coef"], "intercept": float(z["intercept"]),
                "threshold": float(z["threshold"]), "meta": json.loads(str(z["meta"]))}


def threshold(model_dir: Path = MODEL_DIR) -> float:
    """The probability at or above which the model's sentences are dropped (read with the model)."""
    return _model(model_dir / MODEL_FILE)["threshold"]


def reads(embedder) -> bool:
    """Whether the filter can read this embedder's vectors: it was trained on MiniLM's (the default)."""
    from summarizer.pipeline.embed import DEFAULT_MODEL_ID

    return getattr(embedder, "model_id", None) == DEFAULT_MODEL_ID


def chrome_probability(sentences: list[Sentence], embeddings: np.ndarray, model_dir: Path = MODEL_DIR,
                       similarity: np.ndarray | None = None) -> np.ndarray | None:
    """Each sentence's probability of being page chrome; None when the model is not installed or the
    vectors are not the kind it was trained on."""
    model = _model(model_dir / MODEL_FILE)
    if model is None or not sentences or embeddings.shape[1] + len(CONTEXT_FEATURES) != len(model["coef"]):
        return None
    x = np.hstack([embeddings.astype(np.float32), context_features(sentences, embeddings, similarity)])
    z = ((x - model["mean"]) / model["scale"]) @ model["coef"] + model["intercept"]
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def pasted_unrelated(sentences: list[Sentence], embeddings: np.ndarray, similarity: np.ndarray | None = None,
                     chrome_like: np.ndarray | None = None) -> np.ndarray:
    """True for a sentence that another report carries word for word (PASTED_JACCARD of their words) and
    that relates to nothing else in the cluster (no other sentence within UNRELATED cosine): another
    story's headline or a promotion pasted into several pages. A fact that several reports repeat shares
    its topic with the rest of each report; two reports wording one fact alike are not a pasted line.
    Sentences that are `chrome_like` themselves (the model leans to chrome) are not counted as something
    to relate to: chrome relates to chrome (an ad reworded on another page, the other half of a prompt
    the splitter cut in two)."""
    n = len(sentences)
    if n < 3:
        return np.zeros(n, dtype=bool)
    similarity = similarities(embeddings) if similarity is None else similarity
    pasted = pasted_copies(sentences, similarity)
    ignored = pasted | (similarity >= COPY)
    if chrome_like is not None:
        ignored |= chrome_like[None, :]
    return pasted.any(axis=1) & (closest_other(similarity, ignored) < UNRELATED)


def pasted_copies(sentences: list[Sentence], similarity: np.ndarray) -> np.ndarray:
    """(n, n): True where two reports carry one line word for word (PASTED_JACCARD of their words), as a
    site pastes its chrome; two reports wording one fact alike are not such a copy."""
    n = len(sentences)
    docs = np.array([s.doc for s in sentences])
    pasted = np.zeros((n, n), dtype=bool)
    for i, j in np.argwhere(np.triu(similarity >= COPY, 1) & (docs[:, None] != docs[None, :])):
        a, b = (set(_WORD.findall(sentences[k].text.lower())) for k in (i, j))
        pasted[i, j] = pasted[j, i] = len(a & b) >= PASTED_JACCARD * len(a | b) > 0
    return pasted


def relates_to_nothing(sentences: list[Sentence], embeddings: np.ndarray, below: float = UNRELATED) -> np.ndarray:
    """True for a sentence no closer than `below` to any other sentence of its cluster, lines pasted word for
    word aside: another story's headline or an ad in one report, a stray fragment. A fact another report
    words alike is related to it."""
    if len(sentences) < 2:      # nothing to relate to is not unrelated
        return np.zeros(len(sentences), dtype=bool)
    similarity = similarities(np.asarray(embeddings, dtype=np.float32))
    return closest_other(similarity, pasted_copies(sentences, similarity)) < below


def flagged(sentences: list[Sentence], embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the model's chrome, the pasted unrelated lines): what `prepare()` drops, one similarity matrix for both."""
    similarity = similarities(embeddings)
    p = chrome_probability(sentences, embeddings, similarity=similarity)
    if p is None:       # no model: the rule alone
        return np.zeros(len(sentences), dtype=bool), pasted_unrelated(sentences, embeddings, similarity)
    return p >= threshold(), pasted_unrelated(sentences, embeddings, similarity, chrome_like=p >= LEANS)
