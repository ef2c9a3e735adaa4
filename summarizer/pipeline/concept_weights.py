"""Learned concept weights: how likely a reference summary is to use each concept of a cluster.

Coverage selection (`coverage`, `concepts`) maximises the concept weight a summary covers. The hand
weights count the reports that use a concept; the learned ones are a gradient-boosted model's
probability that a human summary of the cluster uses it (Li, Qian & Liu 2013 learn bigram weights for
the same ILP from references; RegSum learns word importance from many features). Its features are what
the pipeline already knows about each concept: how many reports use it and where, how central, salient,
well-formed, chrome-like or loaded the sentences holding it are, and what the training corpus says of its
words (how rare they are, and how often a summary keeps them when the reports have them).

The model and its word table ship in `summarizer/models/selection/` with a model card;
`python -m summarizer.training.selection` rebuilds them.
"""
from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.errors import ModelError
from summarizer.pipeline.boilerplate import is_chrome_sentence
from summarizer.pipeline.concepts import ConceptTable
from summarizer.text import TOKEN_STOPWORDS

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "selection"
MODEL_FILE = "concepts.lgb.txt"
LOADED_CONCEPTS = 0.5   # a concept only loaded sentences hold is worth half: a summary need not say it
WORDS_FILE = "words.tsv.gz"

FEATURES = (
    # how many reports use it, and how many there are
    "reports", "report_share", "n_reports", "n_sentences", "carriers", "carrier_share",
    # where it comes
    "first_position", "mean_position", "first_relative", "in_a_lead",
    # the sentences that hold it
    "salience_max", "salience_mean", "semantic_max", "lexical_max", "lexical_mean", "support_max",
    "quality_max", "chrome_share", "loaded_share", "length_mean", "shared_max",
    # chrome pasted into many copies relates to nothing else: copies of it, but no paraphrase
    "related_max", "copy_share",
    # its words
    "stop_first", "stop_second", "digits", "idf_first", "idf_second", "idf_min",
    "kept_first", "kept_second", "kept_min", "kept_max",
)


@dataclass(frozen=True)
class WordStats:
    """Per stemmed word, from training clusters: idf over their reports, and how often a reference
    summary uses the word when the cluster's reports do ("kept")."""

    idf: dict[str, float]
    kept: dict[str, float]
    unseen_idf: float
    unseen_kept: float

    @classmethod
    def load(cls, path: Path) -> WordStats:
        idf, kept = {}, {}
        with gzip.open(path, "rt", encoding="utf-8") as f:
            header = f.readline().rstrip("\n").split("\t")
            unseen_idf, unseen_kept = float(header[1]), float(header[2])
            for line in f:
                word, i, k = line.rstrip("\n").split("\t")
                idf[word], kept[word] = float(i), float(k)
        return cls(idf, kept, unseen_idf, unseen_kept)

    def save(self, path: Path) -> None:
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            f.write(f"#unseen\t{self.unseen_idf:.4f}\t{self.unseen_kept:.4f}\n")
            for word in sorted(self.idf):
                f.write(f"{word}\t{self.idf[word]:.3f}\t{self.kept[word]:.4f}\n")


def smoothed_kept(in_summary: int, in_reports: int, prior: float, strength: float = 5.0) -> float:
    """The share of clusters whose summary kept a word, pulled towards `prior` for rare words."""
    return (in_summary + strength * prior) / (in_reports + strength)


def idf(df: int, n: int) -> float:
    return math.log((1 + n) / (1 + df)) + 1.0


COPY = 0.95   # embedding cosine of two copies of one line (rather than two wordings of one fact)


def relatedness(sentences, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: its closest cosine to another report's sentence that is not a copy of it, and the
    share of the other reports holding a copy of it."""
    docs = np.array([s.doc for s in sentences])
    n_reports = len(set(docs.tolist()))
    cosine = embeddings @ embeddings.T
    other = docs[:, None] != docs[None, :]
    copy = other & (cosine >= COPY)
    related = np.where(other & ~copy, cosine, -1.0).max(axis=1, initial=-1.0)
    copies = np.array([len(set(docs[row].tolist())) for row in copy]) / max(1, n_reports - 1)
    return related.astype(np.float32), copies.astype(np.float32)


def report_lengths(sentences) -> dict[int, int]:
    """Each report's length in sentences (its last sentence's index + 1)."""
    length: dict[int, int] = {}
    for s in sentences:
        length[s.doc] = max(length.get(s.doc, 0), s.index + 1)
    return length


def concept_features(table: ConceptTable, sentences, *, signals: SentenceSignals, support: np.ndarray,
                     related: np.ndarray, copies: np.ndarray, loaded: np.ndarray | None,
                     words: WordStats) -> np.ndarray:
    """One row of `FEATURES` per concept of `table` (float32). Per-sentence inputs: `signals`,
    `support` (the share of reports stating the sentence's fact), `related` and `copies`
    (`relatedness`), `loaded` (1 for loaded wording)."""
    n = len(sentences)
    n_reports = len({s.doc for s in sentences})
    doc_length = report_lengths(sentences)
    position = np.array([s.index for s in sentences], dtype=np.float32)
    relative = np.array([s.index / doc_length[s.doc] for s in sentences], dtype=np.float32)
    length = np.array([min(len(s.text.split()), 60) for s in sentences], dtype=np.float32)
    semantic, lexical = signals.semantic, signals.lexical
    quality = np.asarray(signals.quality, dtype=np.float32)
    chrome = np.array([is_chrome_sentence(s.text) for s in sentences], dtype=np.float32)
    loaded = np.zeros(n, dtype=np.float32) if loaded is None else np.asarray(loaded, dtype=np.float32)
    finite = np.where(np.isfinite(signals.salience), signals.salience, -1.0).astype(np.float32)

    # every (concept, carrier) pair flat, so that per-concept max and mean are one reduceat each
    counts = np.array([len(c) for c in table.carriers])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    held = np.concatenate([np.asarray(c, dtype=np.int64) for c in table.carriers])
    top = lambda v: np.maximum.reduceat(v[held], starts)
    mean = lambda v: np.add.reduceat(v[held].astype(np.float64), starts) / counts
    first, second = zip(*table.names)
    lookup = lambda table_, unseen, ws: np.array([table_.get(w, unseen) for w in ws], dtype=np.float32)
    idf_a, idf_b = lookup(words.idf, words.unseen_idf, first), lookup(words.idf, words.unseen_idf, second)
    kept_a, kept_b = lookup(words.kept, words.unseen_kept, first), lookup(words.kept, words.unseen_kept, second)
    reports = np.asarray(table.reports, dtype=np.float32)
    columns = {
        "reports": reports, "report_share": reports / n_reports, "n_reports": np.full(len(counts), n_reports),
        "n_sentences": np.full(len(counts), n), "carriers": counts, "carrier_share": counts / n,
        "first_position": top(-position) * -1, "mean_position": mean(position), "first_relative": top(-relative) * -1,
        "in_a_lead": top((position == 0).astype(np.float32)),
        "salience_max": top(finite), "salience_mean": mean(finite), "semantic_max": top(semantic),
        "lexical_max": top(lexical), "lexical_mean": mean(lexical), "support_max": top(support),
        "quality_max": top(quality), "chrome_share": mean(chrome), "loaded_share": mean(loaded),
        "length_mean": mean(length), "shared_max": top(np.asarray(table.shared, dtype=np.float32)),
        "related_max": top(related), "copy_share": top(copies),
        "stop_first": np.array([w in TOKEN_STOPWORDS for w in first]),
        "stop_second": np.array([w in TOKEN_STOPWORDS for w in second]),
        "digits": np.array([any(ch.isdigit() for ch in a + b) for a, b in table.names]),
        "idf_first": idf_a, "idf_second": idf_b, "idf_min": np.minimum(idf_a, idf_b),
        "kept_first": kept_a, "kept_second": kept_b, "kept_min": np.minimum(kept_a, kept_b),
        "kept_max": np.maximum(kept_a, kept_b),
    }
    rows = np.stack([np.asarray(columns[f], dtype=np.float32) for f in FEATURES], axis=1)
    return rows


@dataclass(frozen=True)
class SentenceSignals:
    """What selection knows of each sentence, computed as it computes it (`select.sentence_signals`): the
    hand salience without a focus (-inf for skipped sentences), closeness to the cluster's semantic and
    lexical centroids (0..1) and `sentence_quality` (0..1)."""

    salience: np.ndarray
    semantic: np.ndarray
    lexical: np.ndarray
    quality: np.ndarray


def cluster_concept_features(table: ConceptTable, sentences, embeddings: np.ndarray, facts, loaded,
                             signals: SentenceSignals, words: WordStats) -> np.ndarray:
    """`concept_features` for a cluster: the model learns what a generic summary keeps."""
    from summarizer.pipeline.relate import fact_of_sentence

    owner = fact_of_sentence(facts, len(sentences))
    n_reports = len({s.doc for s in sentences})
    support = np.array([(facts[owner[i]].support - 1) / max(1, n_reports - 1) for i in range(len(sentences))],
                       dtype=np.float32)
    related, copies = relatedness(sentences, np.asarray(embeddings, dtype=np.float32))
    return concept_features(table, sentences, signals=signals, support=support, related=related, copies=copies,
                            loaded=loaded, words=words)


def learned_weights(table: ConceptTable, sentences, embeddings: np.ndarray, facts, loaded,
                    signals: SentenceSignals, folder: Path = MODEL_DIR) -> np.ndarray:
    """Each concept's probability of being used by a reference summary, by the shipped model, less
    LOADED_CONCEPTS of it for the share of its sentences that use loaded wording."""
    if not table.names:
        return np.zeros(0)
    model, words = load_model(folder)
    rows = cluster_concept_features(table, sentences, embeddings, facts, loaded, signals, words)
    odds = np.asarray(model.predict(rows), dtype=np.float64)
    return odds * (1.0 - LOADED_CONCEPTS * rows[:, FEATURES.index("loaded_share")])


@lru_cache(maxsize=2)
def load_model(folder: Path = MODEL_DIR):
    """The shipped concept model (LightGBM trees, read by summarizer.runtime.trees) and its word table, loaded once."""
    from summarizer.runtime.trees import TreeModel

    model_path, words_path = folder / MODEL_FILE, folder / WORDS_FILE
    if not model_path.exists() or not words_path.exists():
        raise ModelError(f"the learned concept model is missing from {folder}; rebuild it with "
                         "`python -m summarizer.training.selection`, or choose --option concept_weights=hand")
    return TreeModel.load(model_path), WordStats.load(words_path)
