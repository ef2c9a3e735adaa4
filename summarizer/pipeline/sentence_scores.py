"""Learned sentence scores: how much of each sentence a human summary of its cluster says.

Coverage selection values a set of sentences by the concept weight they cover plus each sentence's own
value (`select._coverage_terms`). The hand value is salience: closeness to the cluster's centroids and
length. The learned one is a gradient-boosted model's estimate of the sentence's oracle value, the
share of its word bigrams a reference summary uses (the sentence label extractive summarisers learn
from, as BertSum and MatchSum do), from what the pipeline already knows of the sentence: where it
comes, how central and well-formed it is, how many reports state its fact, whether it is chrome, a
copy or loaded wording, and what the training corpus says of its words.

It is not told the concept weights the sentence carries: the ILP counts those already, and a model
that leans on them (as it does when it may: they are the strongest single feature) adds nothing the
objective lacks and lowered ROUGE-2 on NeuS val by 0.5 (the model card, "Tried").

The model ships in `summarizer/models/selection/` beside the concept model, with its card;
`python -m summarizer.training.sentence_scores all` rebuilds it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.errors import ModelError
from summarizer.pipeline.boilerplate import is_chrome_sentence
from summarizer.pipeline.concept_weights import MODEL_DIR, SentenceSignals, WordStats, relatedness, report_lengths
from summarizer.pipeline.concepts import ConceptTable
from summarizer.text import QUOTE_MARKS, TOKEN_STOPWORDS, WORD_TOKEN, stem

MODEL_FILE = "sentences.lgb.txt"

FEATURES = (
    # where it comes, and how long it is
    "position", "relative_position", "is_lead", "doc_sentences", "length", "n_reports", "n_sentences",
    # how central and well-formed
    "salience", "salience_rank", "semantic", "semantic_rank", "lexical", "quality",
    # its fact: how many reports state it, how many sentences say it, how central
    "support", "fact_size", "centrality",
    # chrome, copies and loaded wording; the share of its bigrams other reports use
    "loaded", "chrome", "related", "copies", "shared",
    # its words
    "digits", "quotes", "idf_mean", "kept_mean", "kept_max",
)


def _rank(values: np.ndarray) -> np.ndarray:
    """Each value's rank in its cluster, 0 for the highest, as a share of the cluster (0..1)."""
    order = np.argsort(-values, kind="stable")
    rank = np.empty(len(values), dtype=np.float32)
    rank[order] = np.arange(len(values)) / max(1, len(values) - 1)
    return rank


def sentence_features(sentences, embeddings: np.ndarray, facts, loaded, signals: SentenceSignals,
                      table: ConceptTable, words: WordStats) -> np.ndarray:
    """One row of `FEATURES` per sentence (float32). `table`: the cluster's concept table (for the
    share of each sentence's bigrams that other reports use)."""
    from summarizer.pipeline.relate import fact_of_sentence

    n = len(sentences)
    n_reports = len({s.doc for s in sentences})
    doc_length = report_lengths(sentences)
    owner = fact_of_sentence(facts, n)
    position = np.array([s.index for s in sentences], dtype=np.float32)
    length = np.array([min(len(s.text.split()), 80) for s in sentences], dtype=np.float32)
    related, copies = relatedness(sentences, np.asarray(embeddings, dtype=np.float32))
    salience = np.where(np.isfinite(signals.salience), signals.salience, -1.0).astype(np.float32)
    stems = [[stem(w) for w in WORD_TOKEN.findall(s.text.lower()) if w not in TOKEN_STOPWORDS] for s in sentences]
    idf = [[words.idf.get(w, words.unseen_idf) for w in ws] or [words.unseen_idf] for ws in stems]
    kept = [[words.kept.get(w, words.unseen_kept) for w in ws] or [words.unseen_kept] for ws in stems]
    loaded = np.zeros(n, dtype=np.float32) if loaded is None else np.asarray(loaded, dtype=np.float32)
    columns = {
        "position": position,
        "relative_position": [s.index / doc_length[s.doc] for s in sentences],
        "is_lead": position == 0,
        "doc_sentences": [doc_length[s.doc] for s in sentences],
        "length": length, "n_reports": np.full(n, n_reports), "n_sentences": np.full(n, n),
        "salience": salience, "salience_rank": _rank(salience),
        "semantic": signals.semantic, "semantic_rank": _rank(np.asarray(signals.semantic)),
        "lexical": signals.lexical, "quality": signals.quality,
        "support": [(facts[owner[i]].support - 1) / max(1, n_reports - 1) for i in range(n)],
        "fact_size": [len(facts[owner[i]].sentences) for i in range(n)],
        "centrality": [facts[owner[i]].centrality for i in range(n)],
        "loaded": loaded, "chrome": [is_chrome_sentence(s.text) for s in sentences],
        "related": related, "copies": copies, "shared": table.shared,
        "digits": [len(re.findall(r"\d+", s.text)) for s in sentences],
        "quotes": [any(q in s.text for q in QUOTE_MARKS) for s in sentences],
        "idf_mean": [np.mean(v) for v in idf], "kept_mean": [np.mean(v) for v in kept],
        "kept_max": [np.max(v) for v in kept],
    }
    return np.stack([np.asarray(columns[f], dtype=np.float32) for f in FEATURES], axis=1)


def learned_sentence_scores(sentences, embeddings: np.ndarray, facts, loaded, signals: SentenceSignals,
                            table: ConceptTable, folder: Path = MODEL_DIR) -> np.ndarray:
    """Each sentence's predicted oracle value (0..1) by the shipped model."""
    from summarizer.pipeline.concept_weights import load_model

    if not sentences:
        return np.zeros(0)
    model = load_sentence_model(folder)
    _, words = load_model(folder)
    rows = sentence_features(sentences, embeddings, facts, loaded, signals, table, words)
    return np.asarray(model.predict(rows), dtype=np.float64)


@lru_cache(maxsize=2)
def load_sentence_model(folder: Path = MODEL_DIR):
    from summarizer.runtime.trees import TreeModel

    path = folder / MODEL_FILE
    if not path.exists():
        raise ModelError(f"the learned sentence-score model is missing from {folder}; rebuild it with "
                         "`python -m summarizer.training.sentence_scores all`, or choose "
                         "--option sentence_scores=hand")
    return TreeModel.load(path)
