"""Step 5 of the data flow: choose which facts to say, under a word budget, in a readable order.

Two strategies (`SelectionWeights.strategy`):
- "coverage" (default): the set of sentences that covers the most concept weight (stemmed bigrams,
  worth more the more reports use them) plus salience, solved exactly as an integer linear programme
  (`coverage`, `concepts`); at most one sentence per fact.
- "mmr": greedy MMR on salience, the last part of the budget packed by an exhaustive search over the
  best remaining candidates, so that whole sentences use it up.

Salience is mainly closeness to the cluster's centroid, both in meaning (MiniLM embeddings, early
sentences weighted higher since news leads carry the story) and in words (TF-IDF, which is what
ROUGE and readers see repeated across reports), with a small bonus for fuller sentences; a fact's
support, centrality and position can be mixed in too. With a focus (a question or topic statement),
sentences and concepts relevant to it weigh more. Poor sentences (fragments, questions, bylines,
quotes without context) are skipped or penalised, loaded wording is penalised.

The budget is never exceeded, except with `overflow`: then one more sentence comes last, past the
limit, for evaluation campaigns whose scorer cuts every summary at the limit (DUC).
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from summarizer.errors import InputError
from summarizer.pipeline.boilerplate import is_chrome_sentence
from summarizer.pipeline.chrome_filter import UNRELATED, relates_to_nothing
from summarizer.pipeline.concepts import ConceptTable
from summarizer.pipeline.imperatives import commands_reader
from summarizer.pipeline.relate import Fact, fact_of_sentence
from summarizer.text import (
    QUOTE_MARKS,
    TFIDF_STOPWORDS,
    addresses_reader,
    cut_to_words,
    saying_words,
    sentence_case,
    speaks_unnamed,
)
from summarizer.text import word_count as words
from summarizer.types import Flag, Sentence, SourceRef, SummarySentence

try:  # helper module that lists loaded terms; selection works without it
    from summarizer.neutral.terms import find_loaded_terms
except ImportError:  # pragma: no cover - depends on the neutral module being present
    find_loaded_terms = None


@dataclass
class SelectionWeights:
    # tuned on Multi-News val (230 words) and NeuS val (75 words): eval/multinews-val500.toml, eval/neus-val.toml
    semantic_centroid: float = 1.0  # cosine to the position-weighted mean embedding, scaled 0..1
    lexical_centroid: float = 3.0   # TF-IDF cosine to the cluster's word centroid, scaled 0..1
    centroid_decay: float = 0.3     # sentence k of a document weighs 1/(1 + decay*k) in the centroid
    length: float = 0.3             # bonus for fuller sentences, saturating at 40 words
    support: float = 0.0            # fact-level terms: add weight to favour repeated facts
    centrality: float = 0.0
    position: float = 0.0
    mmr_lambda: float = 0.7        # relevance vs. novelty in MMR
    redundancy: float = 0.8        # a candidate this similar to a chosen sentence is never taken
    loaded_penalty: float = 0.15
    min_words: int = 6
    fill_words: int = 120          # mmr: the last this-many words of the budget are packed by search
    fill_pool: int = 10            # mmr: candidates that search considers
    strategy: str = "coverage"     # "coverage" (concept ILP) or "mmr"
    coverage_salience: float = 1.0  # coverage: salience per word, in units of concept weight per word
    concept_position: float = 0.0   # coverage: bonus for concepts first seen early in a report
    concept_min_df: int = 0         # coverage: concepts need this many reports (0: 1 per 8 reports, at least 1)
    time_limit: float = 1.0        # coverage: seconds for the ILP solver before greedy takes over
    max_candidates: int = 150      # coverage: sentences the ILP considers (the best by value per word)
    focus: float = 2.0             # concept weight x (1 + focus * relevance) when there is a focus
    focus_salience: float = 1.0    # salience + focus_salience * relevance when there is a focus
    overflow: bool = False         # end one sentence past the budget (for scorers that cut, as DUC's)
    wording: float = 0.3           # coverage: penalty for wording fewer reports share than a paraphrase's
    concept_weights: str = "learned"  # coverage: "learned" (a model's odds that a summary uses it) or "hand" (reports)
    sentence_scores: str = "hand"   # coverage: a sentence's own value, "hand" (salience) or "learned" (a model's)
    # coverage: a sentence no closer than this (cosine) to any other of its cluster, pasted copies aside,
    # relates to nothing the reports say (another story's headline, an ad, a stray fragment) and keeps only
    # UNRELATED_VALUE of its value: said only when nothing better fills the budget; 0: off
    unrelated: float = UNRELATED

    def __post_init__(self):
        if self.strategy not in STRATEGIES:
            raise InputError(f"unknown selection strategy {self.strategy!r}; choose one of: {', '.join(STRATEGIES)}")
        if self.concept_weights not in CONCEPT_WEIGHTS:
            raise InputError(f"unknown concept weights {self.concept_weights!r}; choose one of: "
                             f"{', '.join(CONCEPT_WEIGHTS)}")
        if self.sentence_scores not in SENTENCE_SCORES:
            raise InputError(f"unknown sentence scores {self.sentence_scores!r}; choose one of: "
                             f"{', '.join(SENTENCE_SCORES)}")


STRATEGIES = ("coverage", "mmr")
CONCEPT_WEIGHTS = ("learned", "hand")
SENTENCE_SCORES = ("learned", "hand")
# The model learned what generic summaries of clusters of 2 to 10 reports say. Its trees cannot
# extrapolate counts past those (DUC 2006's 25 reports: ROUGE-2 0.004 lower with it, dev) and it knows
# nothing of a focus (a seed question's answer lost to the story's lead): those keep the hand weights.
LEARNED_MAX_REPORTS = 10
UNRELATED_VALUE = 0.1   # what a sentence that relates to nothing in its cluster keeps of its value (`unrelated`)


class Selection(list):
    """The chosen facts (a list of `Choice`), with how they were chosen: `method` is "mmr", "ilp"
    (optimal), or "greedy"/"ilp-incumbent" when the solver ran out of time (then `warnings` says so)."""

    def __init__(self, choices=(), method: str = "", seconds: float = 0.0, warnings: list[str] | None = None):
        super().__init__(choices)
        self.method, self.seconds, self.warnings = method, seconds, list(warnings or [])


@dataclass
class Choice:
    """One chosen fact and the sentence that will say it."""

    fact: int                      # index into cluster.facts
    sentence: int                  # index into cluster.sentences
    text: str                      # the sentence text, possibly truncated to fit a tiny budget
    flags: list[str] = field(default_factory=list)


# an English sentence of six words or more has one of these (the models and lexicons are English)
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an of to in on at for with from by and or but is are was were be been has have had it its he she they "
    "his her their this that these those who which what will would can could not as said says".split())


def non_english_script(texts: list[str]) -> str | None:
    """None when the sentences read as English: at least 10% of their words are English function words
    (15-45% in Multi-News clusters; 0-7% in German, Spanish, French or Italian news, whose "a" or "in"
    look English); else what they are written in, for a message: "Han (Chinese/Japanese) script",
    "Hangul script", "Latin script"..."""
    words = [w for t in texts for w in re.findall(r"\w+", t.lower())]
    if not words or sum(w in _ENGLISH_FUNCTION_WORDS for w in words) >= 0.1 * len(words):
        return None
    scripts = Counter(unicodedata.name(c, "?").split()[0] for t in texts for c in t if c.isalpha())
    script = scripts.most_common(1)[0][0].title() if scripts else "unknown"
    named = {"Cjk": "Han (Chinese/Japanese)", "Hiragana": "Japanese kana", "Katakana": "Japanese kana"}
    return f"{named.get(script, script)} script"


_BYLINE = re.compile(r"^(by|photo|image|video|credit|source|copyright|updated|posted|published|"
                     r"reporting by|editing by|written by|follow|share|click|subscribe|sign up)\b",
                     re.IGNORECASE)


# a quotation's speaker named inside it (sentence_quality's test for a quotation alone)
_ATTRIBUTED = re.compile(r"\b" + saying_words("according") + r"\b", re.IGNORECASE)


@lru_cache(maxsize=16384)
def sentence_quality(text: str, min_words: int = 6) -> float:
    """1.0 for an ordinary declarative sentence, lower for weak candidates, 0 to skip. Cached: selection
    asks about each sentence three times (salience twice, the concept features once), and its chrome
    patterns are most of selection's time after the trees."""
    stripped = text.strip()
    if words(stripped) < min_words or _BYLINE.match(stripped) or is_chrome_sentence(stripped):
        return 0.0
    if (stripped.endswith("?") or stripped.rstrip(QUOTE_MARKS).endswith("?") or speaks_unnamed(stripped)
            or addresses_reader(stripped) or commands_reader(stripped)):
        return 0.0
    if stripped[0] in QUOTE_MARKS and stripped[-1] in QUOTE_MARKS + ".":
        # a quotation alone, with no speaker, reads badly out of context
        inner = stripped.strip(QUOTE_MARKS + ". ")
        if not _ATTRIBUTED.search(inner):
            return 0.3
    if stripped[-1] not in ".!" + QUOTE_MARKS + ")":
        return 0.5                 # headline or cut-off line
    letters = sum(c.isalpha() for c in stripped)
    if letters < 0.6 * len(stripped):
        return 0.3                 # tables, lists of numbers, link rows
    if "|" in stripped:
        return 0.3                 # a credit, byline or menu glued on ("jane doe, senior editor | june 9, 2017 ...")
    if not _ENGLISH_FUNCTION_WORDS.intersection(re.findall(r"\w+", stripped.lower())):
        return 0.3                 # another language's page chrome ("Saber máis vaites, produciuse un problema")
    return 1.0


def _loaded_flags(texts: list[str]) -> np.ndarray | None:
    """1.0 for sentences with loaded terms; None when the neutral lexicon is unavailable."""
    if find_loaded_terms is None:
        return None
    try:
        return np.array([bool(find_loaded_terms(t)) for t in texts], dtype=np.float32)
    except OSError:  # lexicon file missing: select without the penalty rather than fail
        return None


def _position_scores(sentences: list[Sentence]) -> np.ndarray:
    """1 for a document's first sentence, decaying with its position."""
    return np.array([1.0 / (1.0 + 0.3 * s.index) for s in sentences], dtype=np.float32)


def _scaled(values: np.ndarray) -> np.ndarray:
    span = values.max() - values.min() if len(values) else 0.0
    return (values - values.min()) / span if span > 1e-6 else np.zeros_like(values)


def semantic_centroid_scores(sentences: list[Sentence], embeddings: np.ndarray, decay: float) -> np.ndarray:
    """Cosine of each sentence to the cluster's mean embedding, leads weighted higher; 0..1."""
    weight = np.array([1.0 / (1.0 + decay * s.index) for s in sentences], dtype=np.float32)
    center = (embeddings * weight[:, None]).sum(axis=0)
    center = center / (np.linalg.norm(center) or 1.0)
    return _scaled(embeddings @ center)


_TFIDF_TOKEN = re.compile(r"(?u)\b\w\w+\b")   # scikit-learn's default token pattern


def tfidf_matrix(texts: list[str]) -> np.ndarray:
    """Rows of sublinear TF-IDF, l2-normalised, as scikit-learn's `TfidfVectorizer(stop_words="english",
    sublinear_tf=True)` computes them (smoothed idf), in numpy: importing scikit-learn costs 0.7 s of
    every cold start. Columns in no particular order; (n, 0) when no text has a content word."""
    counts = [Counter(w for w in _TFIDF_TOKEN.findall(t.lower()) if w not in TFIDF_STOPWORDS) for t in texts]
    vocabulary = {w: k for k, w in enumerate(sorted(set().union(*counts)))}
    tf = np.zeros((len(texts), len(vocabulary)))
    for row, c in enumerate(counts):
        for word, n in c.items():
            tf[row, vocabulary[word]] = 1.0 + np.log(n)
    df = (tf > 0).sum(axis=0)
    tfidf = tf * (np.log((1.0 + len(texts)) / (1.0 + df)) + 1.0)
    norms = np.linalg.norm(tfidf, axis=1, keepdims=True)
    return tfidf / np.where(norms == 0, 1.0, norms)


def lexical_centroid_scores(sentences: list[Sentence]) -> np.ndarray:
    """Cosine of each sentence's TF-IDF vector to the sum of all of them (Radev's centroid); 0..1."""
    tfidf = tfidf_matrix([s.text for s in sentences])
    if not tfidf.shape[1]:  # no content words at all
        return np.zeros(len(sentences), dtype=np.float32)
    center = tfidf.sum(axis=0)
    center = center / (np.linalg.norm(center) or 1.0)
    return _scaled((tfidf @ center).astype(np.float32))


def salience(sentences: list[Sentence], facts: list[Fact], n_docs: int,
             weights: SelectionWeights, embeddings: np.ndarray | None = None,
             relevance: np.ndarray | None = None, loaded: np.ndarray | None = None,
             centroids: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """Per-sentence salience; every member of a fact shares its support and centrality. `relevance`
    (0..1 per sentence) is each sentence's relevance to a focus; `loaded` flags sentences with loaded
    wording (`PreparedCluster.loaded`; found here, sentence by sentence, when not given); `centroids`:
    the semantic and lexical centroid scores when the caller has them already."""
    owner = fact_of_sentence(facts, len(sentences))
    support = np.array([facts[owner[i]].support for i in range(len(sentences))], dtype=np.float32)
    support = (support - 1) / max(1, n_docs - 1)
    centrality = np.array([facts[owner[i]].centrality for i in range(len(sentences))], dtype=np.float32)
    if centrality.max() > 0:
        centrality = centrality / centrality.max()
    length = np.minimum([words(s.text) for s in sentences], 40).astype(np.float32) / 40
    score = (weights.support * support + weights.centrality * centrality
             + weights.position * _position_scores(sentences) + weights.length * length)
    semantic, lexical = centroids or (None, None)
    if embeddings is not None and weights.semantic_centroid:
        if semantic is None:
            semantic = semantic_centroid_scores(sentences, np.asarray(embeddings, dtype=np.float32),
                                                weights.centroid_decay)
        score = score + weights.semantic_centroid * semantic
    if weights.lexical_centroid:
        score = score + weights.lexical_centroid * (lexical_centroid_scores(sentences) if lexical is None else lexical)
    if relevance is not None:
        score = score + weights.focus_salience * relevance
    quality = np.array([sentence_quality(s.text, weights.min_words) for s in sentences], dtype=np.float32)
    score = score * quality
    if loaded is None:
        loaded = _loaded_flags([s.text for s in sentences])
    if loaded is not None:
        score = score - weights.loaded_penalty * loaded
    return np.where(quality > 0, score, -np.inf)


def cluster_salience(sentences: list[Sentence], embeddings: np.ndarray, facts: list[Fact],
                     weights: SelectionWeights, relevance: np.ndarray | None = None,
                     loaded: np.ndarray | None = None) -> np.ndarray:
    """`salience` for a whole cluster (the number of reports is counted from its sentences)."""
    return salience(sentences, facts, len({s.doc for s in sentences}), weights, embeddings, relevance, loaded)


def select(sentences: list[Sentence], embeddings: np.ndarray, facts: list[Fact], max_words: int,
           weights: SelectionWeights | None = None, score: np.ndarray | None = None,
           relevance: np.ndarray | None = None, loaded: np.ndarray | None = None,
           terms: CoverageTerms | None = None) -> Selection:
    """Facts to say, in reading order, whose sentences fit in `max_words` together (with `overflow`,
    one more fact comes last, past the limit).

    `score` is the sentences' `cluster_salience`, for callers that select more than once;
    `relevance` (0..1 per sentence) steers selection towards a focus; `loaded` flags sentences with
    loaded wording (`PreparedCluster.loaded`); `terms`: the cluster's `coverage_terms` with the same
    `score`, for callers that solve more than once.
    Never empty when any sentence exists: if nothing fits, the shortest good sentence is cut to the
    budget and flagged "truncated"."""
    weights = weights or SelectionWeights()
    if not sentences:
        return Selection(method=weights.strategy)
    t0 = time.perf_counter()
    loaded, score, available, weak, length = _scored(sentences, embeddings, facts, weights, score, relevance, loaded)
    owner = fact_of_sentence(facts, len(sentences))
    if weights.strategy == "coverage":
        chosen, method, warnings, gain = _by_coverage(sentences, embeddings, facts, length, available, score,
                                                      max_words, weights, relevance, loaded, terms)
    else:
        chosen, method, warnings, gain = _by_mmr(embeddings, facts, owner, length, available, score,
                                                 max_words, weights), "mmr", [], score
    if weak:
        warnings = [*warnings, "every sentence of the reports looks like page chrome, a fragment or a question; "
                               "the summary is made of them anyway"]
    if not chosen:
        choice = _truncated_choice(sentences, owner, available | np.isfinite(score), max_words, facts)
        return Selection([choice], method, time.perf_counter() - t0, warnings)
    chosen.sort(key=lambda i: _reading_position(i, sentences, facts, owner))
    if weights.overflow:
        chosen += _past_the_limit(chosen, sentences, embeddings, owner, available, gain,
                                  max_words - int(length[chosen].sum()), weights)
    return Selection([Choice(fact=owner[i], sentence=i, text=sentences[i].text, flags=list(facts[owner[i]].flags))
                      for i in chosen], method, time.perf_counter() - t0, warnings)


def _scored(sentences, embeddings, facts, weights, score, relevance, loaded):
    """What every selection starts from: the loaded-wording flags, each sentence's salience, which
    sentences may be chosen (`weak`: none could, so all may), and their lengths in words."""
    if loaded is None:   # found here, sentence by sentence, when the caller has not scanned the reports
        loaded = _loaded_flags([s.text for s in sentences])
    if score is None:
        score = cluster_salience(sentences, embeddings, facts, weights, relevance, loaded)
    available = np.isfinite(score)
    weak = not available.any()
    if weak:                             # only weak sentences: better one of them than nothing
        available[:] = True
        score = np.where(np.isfinite(score), score, 0.0)
    length = np.array([words(s.text) for s in sentences])
    return loaded, score, available, weak, length


def _by_mmr(embeddings, facts, owner, length, available, score, max_words, weights) -> list[int]:
    available = available.copy()
    chosen: list[int] = []
    used = 0
    while used < max_words - weights.fill_words:
        fits = available & (length <= max_words - used)
        if not fits.any():
            break
        if chosen:
            redundancy = (embeddings[fits] @ embeddings[chosen].T).max(axis=1)
        else:
            redundancy = np.zeros(int(fits.sum()), dtype=np.float32)
        mmr = weights.mmr_lambda * score[fits] - (1 - weights.mmr_lambda) * redundancy
        mmr = np.where(redundancy >= weights.redundancy, -np.inf, mmr)
        if not np.isfinite(mmr).any():
            break
        best = int(np.flatnonzero(fits)[int(np.argmax(mmr))])
        chosen.append(best)
        used += int(length[best])
        for member in facts[owner[best]].sentences:   # one sentence per fact
            available[member] = False
    return chosen + _fill(chosen, available, score, length, embeddings, owner, max_words - used, weights)


def learned_selection(sentences, weights, relevance=None) -> bool:
    """Whether the learned models apply: a generic summary of up to LEARNED_MAX_REPORTS reports."""
    generic = relevance is None or not weights.focus
    return generic and len({s.doc for s in sentences}) <= LEARNED_MAX_REPORTS


def coverage_concepts(sentences, embeddings, facts, weights, relevance=None, loaded=None, signals=None):
    """The concept table coverage selection uses: hand weights (how many reports use each concept),
    or the learned model's (generic summaries of clusters of up to LEARNED_MAX_REPORTS reports), times
    the focus bonus when there is a focus. `signals`: the cluster's `sentence_signals`, if known."""
    from summarizer.pipeline.concepts import concept_table, focused

    texts = [s.text for s in sentences]
    docs = [s.doc for s in sentences]
    # in large clusters, words only one or two reports use are noise, and make the ILP slow
    min_df = weights.concept_min_df or max(1, round(len(set(docs)) / 8))
    table = concept_table(texts, docs, [s.index for s in sentences], min_df=min_df,
                          position=weights.concept_position)
    kind = weights.concept_weights if learned_selection(sentences, weights, relevance) else "hand"
    if kind == "learned":
        from summarizer.pipeline.concept_weights import learned_weights

        table.weights = learned_weights(table, sentences, embeddings, facts, loaded,
                                        signals or sentence_signals(sentences, embeddings, facts, loaded))
    table.weights = focused(table.weights, table.carriers, relevance, weights.focus)
    return table


def sentence_signals(sentences, embeddings, facts, loaded=None):
    """Per-sentence inputs of the learned concept weights, with the hand settings and no focus."""
    from summarizer.pipeline.concept_weights import SentenceSignals

    hand = SelectionWeights()
    embeddings = np.asarray(embeddings, dtype=np.float32)
    semantic = semantic_centroid_scores(sentences, embeddings, hand.centroid_decay)
    lexical = lexical_centroid_scores(sentences)
    n_docs = len({s.doc for s in sentences})
    return SentenceSignals(
        salience=salience(sentences, facts, n_docs, hand, embeddings, None, loaded, centroids=(semantic, lexical)),
        semantic=semantic, lexical=lexical,
        quality=np.array([sentence_quality(s.text, hand.min_words) for s in sentences], dtype=np.float32))


@dataclass
class CoverageTerms:
    """What the concept ILP sees of a cluster's sentences: the concept table, each sentence's own value
    (`bonus`: salience in units of concept weight, less the wording penalty), which sentences may be
    chosen, the candidates it considers, and the groups of which at most one may be chosen (a fact's
    sentences, near-duplicates across facts). `per_word`: the concept weight an average word carries."""

    table: ConceptTable
    bonus: np.ndarray
    available: np.ndarray
    candidates: list[int]
    groups: list[list[int]]
    per_word: float
    length: np.ndarray         # each sentence's words


def coverage_terms(sentences: list[Sentence], embeddings: np.ndarray, facts: list[Fact],
                   weights: SelectionWeights | None = None, score: np.ndarray | None = None,
                   relevance: np.ndarray | None = None, loaded: np.ndarray | None = None) -> CoverageTerms:
    """The coverage ILP's terms for a cluster, as `select` builds them (for callers that solve their own
    variant of it, as the fusion engine's choice among rewrites and source sentences)."""
    weights = weights or SelectionWeights()
    loaded, score, available, _, length = _scored(sentences, embeddings, facts, weights, score, relevance, loaded)
    return _coverage_terms(sentences, embeddings, facts, length, available, score, weights, relevance, loaded)


def _coverage_terms(sentences, embeddings, facts, length, available, score, weights, relevance, loaded) -> CoverageTerms:
    from summarizer.pipeline.concepts import wording_gaps

    docs = [s.doc for s in sentences]
    learned = weights.sentence_scores == "learned" and learned_selection(sentences, weights, relevance)
    signals = sentence_signals(sentences, embeddings, facts, loaded) if learned else None
    table = coverage_concepts(sentences, embeddings, facts, weights, relevance, loaded, signals)
    if learned:
        score = _learned_scores(sentences, embeddings, facts, loaded, signals, table, available, score, weights)
    # salience in the units of the concepts: a sentence of average salience and length is worth
    # `coverage_salience` times the concept weight an average word carries
    carried = np.array([table.weights[c].sum() for c in table.of_sentence])
    per_word = carried[available].sum() / max(1, length[available].sum())
    scaled = _scaled(np.where(available, score, np.nan_to_num(score[available].min() if available.any() else 0)))
    bonus = weights.coverage_salience * per_word * scaled * length
    # the wording most reports share, not a rewrite's: a sentence loses up to `wording` of its value
    gaps = wording_gaps(table.shared, docs, [f.sentences for f in facts])
    bonus = bonus - weights.wording * gaps * (carried + bonus)
    if weights.unrelated > 0:
        apart = relates_to_nothing(sentences, embeddings, weights.unrelated)
        bonus = bonus - (1 - UNRELATED_VALUE) * apart * np.maximum(carried + bonus, 0)
    candidates = [int(j) for j in np.flatnonzero(available)]
    if len(candidates) > weights.max_candidates:   # long inputs: the best by value per word (solver time)
        per = (carried + bonus) / np.maximum(1, length)
        candidates = sorted(sorted(candidates, key=lambda j: -per[j])[:weights.max_candidates])
    groups = [f.sentences for f in facts if len(f.sentences) > 1]
    # near-duplicates in different facts are never both chosen either (their salience would count twice)
    similar = np.triu(embeddings[candidates] @ embeddings[candidates].T >= weights.redundancy, 1)
    groups += [[candidates[a], candidates[b]] for a, b in zip(*np.nonzero(similar))]
    return CoverageTerms(table, bonus, available, candidates, groups, float(per_word), length)


def _learned_scores(sentences, embeddings, facts, loaded, signals, table, available, score, weights):
    """The sentences' own value by the learned sentence model (`sentence_scores`); the hand salience
    still decides which sentences may be chosen at all (fragments, questions and chrome are not)."""
    from summarizer.pipeline.sentence_scores import learned_sentence_scores

    predicted = learned_sentence_scores(sentences, embeddings, facts, loaded, signals, table)
    # as the hand salience: weak sentences (a quotation with no speaker, a headline) are worth less, and
    # loaded wording costs `loaded_penalty` of a sentence's value
    predicted = predicted * signals.quality
    if loaded is not None:
        predicted = predicted * (1.0 - weights.loaded_penalty * np.asarray(loaded))
    return np.where(available, predicted, score)


def solver_warning(method: str, time_limit: float) -> list[str]:
    if method == "ilp":
        return []
    return [f"content selection: the ILP solver did not finish within {time_limit:g} s; "
            f"{'greedy selection' if method == 'greedy' else 'its best solution so far'} was used"]


def _by_coverage(sentences, embeddings, facts, length, available, score, max_words, weights, relevance, loaded,
                 terms=None):
    """Chosen sentences by the concept ILP, the method used, warnings, and each sentence's value
    per word (for the overflow sentence)."""
    from summarizer.pipeline.coverage import solve

    if terms is None:
        terms = _coverage_terms(sentences, embeddings, facts, length, available, score, weights, relevance, loaded)
    table, bonus = terms.table, terms.bonus
    solution = solve(terms.candidates, length, max_words, table.of_sentence, table.weights, bonus, terms.groups,
                     weights.time_limit)
    warnings = solver_warning(solution.method, weights.time_limit)
    covered = {k for j in solution.chosen for k in table.of_sentence[j]}
    new = np.array([table.weights[[k for k in c if k not in covered]].sum() for c in table.of_sentence])
    value = np.where(available, (new + bonus) / np.maximum(1, length), -np.inf)
    return solution.chosen, solution.method, warnings, value


REPEATED = 0.8   # share of a sentence's content words already said that makes it a restatement
RESTATEMENT_ROUNDS = 6   # times the joint choice is solved again with the restatements it found cut out


def repeats(stems: set[str], said: set[str]) -> bool:
    """The sentence's content words are (nearly) all in what the summary already says."""
    return bool(stems) and len(stems & said) >= REPEATED * len(stems)


@dataclass
class Variant:
    """One way of saying a fact: a source sentence, or a verified rewrite of one (`anchor`: the source
    sentence it says, whose salience per word and near-duplicates it takes)."""

    fact: int
    text: str
    anchor: int
    rewrite: bool = False


def choose_variants(terms: CoverageTerms, variants: list[Variant], max_words: int, embeddings: np.ndarray,
                    weights: SelectionWeights | None = None, rewrite_bonus: float = 0.0, fill: float = 0.0):
    """Joint selection and compression (Berg-Kirkpatrick et al. 2011 on the coverage ILP): the variants
    that cover the most concept weight within `max_words`, at most one per fact; each concept counts
    once, whichever variant says it. A variant is worth the concepts its own words hold plus its
    anchor's salience per word times its length, plus per word `fill` times the concept weight an
    average word carries (`rewrite_bonus` more for a verified rewrite: a preference for rewrites).
    Two variants of different facts that are near-duplicates
    are never both chosen, nor a variant whose content words the others chosen say already (`repeats`:
    added as constraints when a solution has one, and solved again).
    Returns the `coverage.Solution` (`chosen`: indices into `variants`)."""
    from summarizer.pipeline.concepts import sentence_concepts
    from summarizer.pipeline.coverage import solve
    from summarizer.text import content_stems

    weights = weights or SelectionWeights()
    table, bonus = terms.table, terms.bonus
    index = {name: k for k, name in enumerate(table.names)}
    lengths = np.array([words(v.text) for v in variants])
    of_variant, own = [], np.zeros(len(variants))
    for j, v in enumerate(variants):
        of_variant.append(sorted({index[c] for c in sentence_concepts(v.text) if c in index}))
        source_words = max(1, int(terms.length[v.anchor]))
        own[j] = bonus[v.anchor] * lengths[j] / source_words + fill * terms.per_word * lengths[j]
        if v.rewrite:
            own[j] += rewrite_bonus * terms.per_word * lengths[j]
    groups: dict[int, list[int]] = {}
    for j, v in enumerate(variants):
        groups.setdefault(v.fact, []).append(j)
    conflicts = [g for g in groups.values() if len(g) > 1]
    stems = [content_stems(v.text) for v in variants]
    anchors = np.asarray(embeddings)[[v.anchor for v in variants]] if variants else np.zeros((0, 1))
    near = anchors @ anchors.T >= weights.redundancy
    conflicts += [[a, b] for a in range(len(variants)) for b in range(a + 1, len(variants))
                  if variants[a].fact != variants[b].fact and near[a, b]]
    caps = [1] * len(conflicts)
    for _ in range(RESTATEMENT_ROUNDS):
        solution = solve(list(range(len(variants))), lengths, max_words, of_variant, table.weights, own, conflicts,
                         weights.time_limit, caps=caps)
        found = restatements(solution.chosen, stems)
        if not found:
            return solution
        # a restatement is not chosen together with all the sentences that say it already (a lazy cut)
        for j, others in found:
            conflicts.append([j, *others])
            caps.append(len(others))
    if found := restatements(solution.chosen, stems):   # still after the last round: leave them out, spend their words again
        while found:
            solution.chosen.remove(found[0][0])
            found = restatements(solution.chosen, stems)
        solution.chosen = filled(solution.chosen, lengths, max_words, of_variant, table.weights, own, conflicts,
                                 caps, stems)
    return solution


def filled(chosen: list[int], lengths: np.ndarray, budget: int, of_variant: list[list[int]], concept_weights: np.ndarray,
           own: np.ndarray, conflicts: list[list[int]], caps: list[int], stems: list[set[str]]) -> list[int]:
    """`chosen` with variants added greedily while words are left (`coverage.greedy`: the most value per word,
    every conflict's cap kept), none that restates what is chosen: the words a dropped restatement freed go
    to another fact."""
    from summarizer.pipeline.coverage import greedy

    return greedy(range(len(lengths)), lengths, budget, of_variant, concept_weights, own, conflicts, chosen=chosen,
                  caps=caps, admissible=lambda so_far, j: not restatements([*so_far, j], stems))


def restatements(chosen: list[int], stems: list[set[str]]) -> list[tuple[int, list[int]]]:
    """Each chosen sentence whose content words the other chosen ones already say (`repeats`), with
    those of them that share its words."""
    found = []
    for j in chosen:
        others = [k for k in chosen if k != j and stems[k] & stems[j]]
        if others and repeats(stems[j], set().union(*(stems[k] for k in others))):
            found.append((j, others))
    return found


def _past_the_limit(chosen, sentences, embeddings, owner, available, value, room, weights) -> list[int]:
    """The sentence to end on past the limit: the most valuable one left of a fact not yet said and
    not redundant with what is; nothing when the budget is already used up."""
    if room <= 0:
        return []
    said = {owner[i] for i in chosen}
    pool = [int(j) for j in np.argsort(-value, kind="stable")
            if available[j] and np.isfinite(value[j]) and owner[j] not in said]
    for j in pool:
        if (embeddings[j] @ embeddings[chosen].T).max() < weights.redundancy:
            return [j]
    return []


def _fill(chosen: list[int], available: np.ndarray, score: np.ndarray, length: np.ndarray,
          embeddings: np.ndarray, owner: list[int], room: int, weights: SelectionWeights) -> list[int]:
    """The set of the best remaining candidates that packs `room` words with the most salience
    (sum of score x words), none redundant with the chosen ones or each other: greedy MMR leaves
    the end of the budget empty whenever the next-best sentence is a little too long."""
    pool = [int(i) for i in np.argsort(-score, kind="stable")
            if available[i] and length[i] <= room and np.isfinite(score[i])
            and (not chosen or (embeddings[i] @ embeddings[chosen].T).max() < weights.redundancy)]
    pool = pool[:int(weights.fill_pool)]
    best_value, best_set = 0.0, []

    def search(start: int, picked: list[int], left: int, value: float) -> None:
        nonlocal best_value, best_set
        if value > best_value:
            best_value, best_set = value, list(picked)
        for j in range(start, len(pool)):
            i = pool[j]
            if length[i] > left or any(owner[i] == owner[k] or embeddings[i] @ embeddings[k]
                                       >= weights.redundancy for k in picked):
                continue
            picked.append(i)
            search(j + 1, picked, left - int(length[i]), value + float(score[i]) * int(length[i]))
            picked.pop()

    search(0, [], room, 0.0)
    return best_set


def _truncated_choice(sentences, owner, candidates, max_words, facts) -> Choice:
    pool = np.flatnonzero(candidates) if candidates.any() else np.arange(len(sentences))
    shortest = int(min(pool, key=lambda i: (words(sentences[i].text), i)))
    text = sentences[shortest].text
    flags = list(facts[owner[shortest]].flags)
    if words(text) > max_words:
        text = cut_to_words(text, max_words)
        flags.append(Flag.TRUNCATED)
    return Choice(fact=owner[shortest], sentence=shortest, text=text, flags=flags)


def in_reading_order(choices: list[Choice], sentences: list[Sentence], facts: list[Fact]) -> list[Choice]:
    """Choices sorted as `select` sorts its own: facts first stated early in any report first."""
    owner = fact_of_sentence(facts, len(sentences))
    return sorted(choices, key=lambda c: _reading_position(c.sentence, sentences, facts, owner))


def _reading_position(i: int, sentences: list[Sentence], facts: list[Fact], owner: list[int]):
    """Facts first stated early in any report come first; ties go to the earlier document."""
    members = facts[owner[i]].sentences
    first = min(members, key=lambda m: (sentences[m].index, sentences[m].doc))
    return (sentences[first].index, sentences[first].doc, sentences[i].index)


def sources_of(fact: Fact, sentences: list[Sentence]) -> list[SourceRef]:
    """Every sentence of the fact as a citation, in document order."""
    members = sorted(fact.sentences, key=lambda m: (sentences[m].doc, sentences[m].index))
    return [SourceRef.of(sentences[m]) for m in members]


def to_summary_sentences(choices: list[Choice], sentences: list[Sentence], facts: list[Fact],
                         embeddings: np.ndarray | None = None) -> list[SummarySentence]:
    """Extractive output: each chosen sentence verbatim (its first letter a capital), citing the
    sentences of its fact that state it (`cite`; with no embeddings, the whole fact group), its support
    counted from those."""
    from summarizer.pipeline.cite import cited_sources

    out = []
    for c in choices:
        if embeddings is None:
            sources, support = sources_of(facts[c.fact], sentences), facts[c.fact].support
        else:
            sources, support = cited_sources(c.sentence, facts[c.fact].sentences, sentences, embeddings)
        out.append(SummarySentence(text=sentence_case(c.text), sources=sources, support=support, flags=list(c.flags)))
    return out
