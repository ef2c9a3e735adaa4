"""Neutrality of a summary: NeuS framing-bias arousal and loaded terms outside quotations.

Framing bias (Lee et al., NAACL 2022, "NeuS"): lemmatise the summary and the reference, keep the
summary's words that the reference does not use, and sum the NRC-VAD arousal of those with valence
> 0.65 (Arousal+) and < 0.35 (Arousal-). Lower is more neutral. As in the authors' code
(HLTCHKUST/framing-bias-metric), text is lowercased, "U.S." becomes "USA", punctuation is removed and
each distinct word counts once. Differences: the lemmatiser is simplemma (it ships its data; NLTK's
WordNet needs a download), which also lemmatises verbs and adjectives; with several references a
word counts as new only when no reference uses it.

The NRC-VAD lexicon is research-only and never shipped: it is read at call time from ``nrc_vad=``,
else the ``MDS_NRC_VAD`` environment variable, else ``../shared/data/lexicons/nrc-vad/`` beside the
repository. Without it the arousal scores are None with a status saying why; the loaded-term rate
(the project's own lexicon, summarizer/neutral/lexicon/) is always available.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from summarizer.neutral.terms import find_loaded_terms

POSITIVE_VALENCE = 0.65
NEGATIVE_VALENCE = 0.35
ENV_VAR = "MDS_NRC_VAD"
LEXICON_FILE = "NRC-VAD-Lexicon.txt"
DEFAULT_NRC_VAD = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "lexicons" / "nrc-vad" / LEXICON_FILE

_WORD = re.compile(r"\w+(?:['’]\w+)*")


# ---------------------------------------------------------------- NRC-VAD

def resolve_nrc_vad(nrc_vad: str | Path | None = None) -> Path:
    """The lexicon file to use (a folder holding NRC-VAD-Lexicon.txt is accepted)."""
    path = Path(nrc_vad or os.environ.get(ENV_VAR) or DEFAULT_NRC_VAD).expanduser()
    if path.is_dir():
        path = path / LEXICON_FILE
    return path


@lru_cache(maxsize=4)
def _read_vad(path: str, mtime: float) -> dict[str, tuple[float, float]]:
    """word -> (valence, arousal) on a 0..1 scale. Version 1 files are word<TAB>V<TAB>A<TAB>D in 0..1
    with no header; version 2 files have a header and scores in -1..1, rescaled here to 0..1 so the
    NeuS thresholds keep their meaning."""
    vad: dict[str, tuple[float, float]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3:
                continue
            try:
                valence, arousal = float(fields[1]), float(fields[2])
            except ValueError:
                continue  # header line
            vad[fields[0].strip().lower()] = (valence, arousal)
    if not vad:
        raise ValueError(f"{path}: no word<TAB>valence<TAB>arousal<TAB>dominance lines")
    if min(v for pair in vad.values() for v in pair) < 0:
        vad = {w: ((v + 1) / 2, (a + 1) / 2) for w, (v, a) in vad.items()}
    return vad


def load_nrc_vad(nrc_vad: str | Path | None = None) -> dict[str, tuple[float, float]]:
    """Read (cached) the NRC-VAD lexicon; raises FileNotFoundError or ValueError with the reason."""
    path = resolve_nrc_vad(nrc_vad)
    if not path.is_file():
        raise FileNotFoundError(f"NRC-VAD lexicon not found at {path} (set {ENV_VAR} or pass nrc_vad=)")
    return _read_vad(str(path), path.stat().st_mtime)


# ---------------------------------------------------------------- lemmas

def lemmas(text: str) -> set[str]:
    """Distinct lowercase lemmas of a text, preprocessed as in the NeuS metric code."""
    import simplemma

    text = text.replace("U.S.", "USA").lower()
    text = re.sub(r"[^\w\s]", "", text)  # "don't" -> "dont", as the reference code does
    return {simplemma.lemmatize(w, lang="en").lower() for w in text.split()}


# ---------------------------------------------------------------- metrics

def framing_bias(summary: str, references: str | list[str], nrc_vad: str | Path | None = None) -> dict:
    """{"arousal_pos", "arousal_neg", "positive_words", "negative_words", "status"} for one summary.
    Scores are None (and status says why) when the lexicon cannot be read."""
    try:
        vad = load_nrc_vad(nrc_vad)
    except (OSError, ValueError) as e:
        return {"arousal_pos": None, "arousal_neg": None, "status": f"unavailable: {e}"}
    if isinstance(references, str):
        references = [references]
    reference_lemmas = set().union(*(lemmas(r) for r in references)) if references else set()
    new_words = sorted(lemmas(summary) - reference_lemmas)
    positive = [w for w in new_words if w in vad and vad[w][0] > POSITIVE_VALENCE]
    negative = [w for w in new_words if w in vad and vad[w][0] < NEGATIVE_VALENCE]
    return {
        "arousal_pos": sum(vad[w][1] for w in positive),
        "arousal_neg": sum(vad[w][1] for w in negative),
        "positive_words": positive,
        "negative_words": negative,
        "status": "ok",
    }


def loaded_term_rate(summary: str, lexicon: dict[str, str] | None = None) -> dict:
    """Loaded terms outside quotations: count, rate per 100 words, and the terms found."""
    found = find_loaded_terms(summary, lexicon)
    n_words = len(_WORD.findall(summary))
    return {
        "loaded_terms": len(found),
        "loaded_per_100w": 100.0 * len(found) / n_words if n_words else 0.0,
        "loaded_found": [summary[t.start:t.end] for t in found],
    }


def neutrality(summary: str, references: str | list[str], nrc_vad: str | Path | None = None) -> dict:
    """Framing-bias arousal and loaded-term rate of one summary."""
    return {**framing_bias(summary, references, nrc_vad), **loaded_term_rate(summary)}


def neutrality_scores(summaries: list[str], references: list[list[str]], nrc_vad: str | Path | None = None) -> dict:
    """Batch form: {"items": [...], "status": "ok", "arousal_status": "ok" or why unavailable}.
    The loaded-term rate is always computed, so the group's status is "ok" even without NRC-VAD;
    ``arousal_status`` says whether Arousal+/- could be computed (items then hold None)."""
    items = [neutrality(s, r, nrc_vad) for s, r in zip(summaries, references)]
    arousal_status = items[0]["status"] if items else "ok"
    for item in items:
        item.pop("status", None)
    return {"items": items, "status": "ok", "arousal_status": arousal_status}
