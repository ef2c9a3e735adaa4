"""Step 4 of the data flow: group paraphrases across documents into facts.

A fact is a group of sentences that say the same thing (cosine of MiniLM embeddings above a
threshold, average-linkage agglomerative clustering). Its support is the number of distinct
documents that state it; its centrality says how much the whole cluster talks about it.

A fact whose sentences state different dates, weekdays, ages or counts ("on Tuesday" / "on Monday",
"2,000" / "3,000") is flagged `conflicting-<kind>: <value> in reports 1, 2; <value> in report 3`,
so a reader sees who says what.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from summarizer.text import number_mentions, numbers_in
from summarizer.types import Flag, Sentence

PARAPHRASE_SIMILARITY = 0.65   # MiniLM cosine above which two news sentences state the same fact

_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
# dates need a day with the month ("May" alone is a verb); capitalised month names only
_DATE = re.compile(rf"\b(?:(?P<m1>{_MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
                   rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTHS})\b)"
                   rf"|\b(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})\b")
_MONTH_KEYS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_AGE = re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b|\baged?\s+(\d{1,3})\b", re.IGNORECASE)
_COUNT_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split()) if n >= 2}
_COUNT_WORD = re.compile(r"\b(" + "|".join(_COUNT_WORDS) + r")\b", re.IGNORECASE)


@dataclass
class Fact:
    """Sentences (indices into the cluster's sentence list) stating one fact."""

    sentences: list[int]
    support: int                 # distinct documents among the members
    centrality: float            # mean centrality of the members, 0..1
    representative: int          # the member that states it best (most central)
    flags: list[str] = field(default_factory=list)   # e.g. "conflicting-numbers"


def sentence_centrality(sentences: list[Sentence], embeddings: np.ndarray) -> np.ndarray:
    """LexRank-style centrality: PageRank over the cosine graph, edges between different documents
    weighted higher (a fact repeated across reports matters more than one repeated within one).
    Scaled to 0..1."""
    n = len(sentences)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    if n == 1:
        return np.ones(1, dtype=np.float32)
    sim = np.clip(embeddings @ embeddings.T, 0.0, None)
    np.fill_diagonal(sim, 0.0)
    docs = np.array([s.doc for s in sentences])
    same_doc = docs[:, None] == docs[None, :]
    sim = np.where(same_doc, 0.5 * sim, sim)
    row_sums = sim.sum(axis=1, keepdims=True)
    transition = np.divide(sim, row_sums, out=np.full_like(sim, 1.0 / n), where=row_sums > 0)
    damping = 0.85
    rank = np.full(n, 1.0 / n)
    for _ in range(50):
        new = (1 - damping) / n + damping * transition.T @ rank
        if np.abs(new - rank).sum() < 1e-6:
            rank = new
            break
        rank = new
    return (rank / rank.max()).astype(np.float32)


def cluster_paraphrases(embeddings: np.ndarray, threshold: float = PARAPHRASE_SIMILARITY) -> list[list[int]]:
    """Average-linkage groups whose members are, on average, at least `threshold` similar."""
    n = len(embeddings)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    distance = np.clip(1.0 - embeddings @ embeddings.T, 0.0, 2.0).astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2
    merges = average_linkage(distance[np.triu_indices(n, 1)], n)
    return flat_groups(merges, n, 1.0 - threshold)


FASTCLUSTER_AVERAGE = 2     # fastcluster.mthidx["average"]


def average_linkage(condensed: np.ndarray, n: int) -> np.ndarray:
    """`fastcluster.linkage(condensed, method="average")`, through the C routine that function calls:
    `import fastcluster` also imports scipy.spatial where scipy is installed (0.6 s of a cold start), for
    a pdist that a condensed distance matrix never uses. The same merges, bit for bit (tests). A
    fastcluster without that routine (it is private) gets the public call."""
    try:
        from _fastcluster import linkage_wrap
    except ImportError:
        import fastcluster

        return fastcluster.linkage(condensed, method="average")
    work = np.array(condensed, dtype=np.float64, order="C")   # a copy: the routine overwrites it
    if len(work) != n * (n - 1) // 2:
        raise ValueError(f"a condensed distance matrix of {n} points has {n * (n - 1) // 2} entries, not {len(work)}")
    merges = np.empty((n - 1, 4))
    if n > 1:
        linkage_wrap(n, work, merges, FASTCLUSTER_AVERAGE)
    return merges


def flat_groups(merges: np.ndarray, n: int, cut: float) -> list[list[int]]:
    """The groups of a linkage matrix whose members are joined below `cut`: scipy's `fcluster(merges, cut,
    criterion="distance")`, which keeps a merge when no merge under it (itself included) is higher than `cut`."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    highest = np.zeros(2 * n - 1)
    for i, (a, b, height, _) in enumerate(merges):
        a, b = int(a), int(b)
        highest[n + i] = max(height, highest[a], highest[b])
        if highest[n + i] <= cut:
            members[n + i] = members.pop(a) + members.pop(b)
    return sorted((sorted(g) for g in members.values()), key=lambda g: g[0])


def stated_values(text: str) -> dict[str, dict[str, str]]:
    """{kind: {normalised value: as written}} for the dates, weekdays, ages and counts in a sentence.
    Dates and ages are taken out before counting, so "March 3" or "aged 34" is not also a count."""
    out: dict[str, dict[str, str]] = {"dates": {}, "weekdays": {}, "ages": {}, "numbers": {}}
    for m in _WEEKDAY.finditer(text):
        out["weekdays"].setdefault(m.group(1).lower(), m.group(1))
    masked = text
    for kind, pattern in (("dates", _DATE), ("ages", _AGE)):
        for m in pattern.finditer(masked):
            out[kind].setdefault(_date_key(m) if kind == "dates" else (m.group(1) or m.group(2)), m.group())
        masked = pattern.sub(lambda m: " " * len(m.group()), masked)
    for value, surface in number_mentions(masked, units=True):
        out["numbers"].setdefault(value, surface)
    for m in _COUNT_WORD.finditer(masked):
        out["numbers"].setdefault(_COUNT_WORDS[m.group().lower()], m.group())
    return out


def _date_key(m: re.Match) -> str:
    if m.group("iso"):   # month-day, as for written dates; the year is left out
        month, day = m.group("iso")[5:].split("-")
        return f"{_MONTH_KEYS[int(month) - 1] if 1 <= int(month) <= 12 else month}-{day}"
    month, day = (m.group("m1"), m.group("d1")) if m.group("m1") else (m.group("m2"), m.group("d2"))
    return f"{month[:3].lower()}-{int(day):02d}"


def _disagree(sets: list[set[str]]) -> bool:
    """Two non-empty value sets of which neither contains the other ("killed 12" vs "killed 15");
    extra detail ("12 people, 3 of them children") is no disagreement."""
    sets = [s for s in sets if s]
    return any(not (a <= b or b <= a) for i, a in enumerate(sets) for b in sets[i + 1:])


def has_conflicting_numbers(texts: list[str]) -> bool:
    """True when two sentences of one fact both give numbers and neither's are a subset of the other's."""
    return _disagree([numbers_in(t, units=True) for t in texts])


def conflict_flags(texts: list[str], docs: list[int]) -> list[str]:
    """One flag per kind of value the sentences (of reports `docs`, 0-based) disagree on, naming who
    says what: "conflicting-weekdays: Tuesday in reports 1, 2; Monday in report 3"."""
    values = [stated_values(t) for t in texts]
    flags = []
    for kind in ("dates", "weekdays", "ages", "numbers"):
        stated = [(doc, v[kind]) for doc, v in zip(docs, values) if v[kind]]
        if _disagree([set(found) for _, found in stated]):
            flags.append(f"{Flag(f'conflicting-{kind}')}: {_who_says_what(stated)}")
    return flags


def _who_says_what(stated: list[tuple[int, dict[str, str]]]) -> str:
    claims: dict[frozenset, tuple[str, set[int]]] = {}
    for doc, found in stated:
        surface, docs = claims.setdefault(frozenset(found), (" and ".join(found.values()), set()))
        docs.add(doc)
    parts = []
    for surface, docs in claims.values():
        numbers = ", ".join(str(d + 1) for d in sorted(docs))
        parts.append(f"{surface} in report{'s' if len(docs) > 1 else ''} {numbers}")
    return "; ".join(parts)


def group_facts(sentences: list[Sentence], embeddings: np.ndarray,
                threshold: float = PARAPHRASE_SIMILARITY) -> list[Fact]:
    """Facts in order of first appearance; every sentence belongs to exactly one fact."""
    embeddings = np.asarray(embeddings, dtype=np.float32)
    centrality = sentence_centrality(sentences, embeddings)
    facts = []
    for members in cluster_paraphrases(embeddings, threshold):
        representative = max(members, key=lambda i: (centrality[i], -i))
        flags = conflict_flags([sentences[i].text for i in members],
                               [sentences[i].doc for i in members]) if len(members) > 1 else []
        facts.append(Fact(sentences=members, support=len({sentences[i].doc for i in members}),
                          centrality=float(centrality[members].mean()), representative=representative,
                          flags=flags))
    return facts


def fact_of_sentence(facts: list[Fact], n_sentences: int) -> list[int]:
    """Index of the fact each sentence belongs to."""
    owner = [0] * n_sentences
    for f, fact in enumerate(facts):
        for i in fact.sentences:
            owner[i] = f
    return owner
