"""Faithfulness of a summary to its sources: are its names, numbers and quotations in the sources?

Three kinds of checkable claims are pulled out of the summary and looked up in the source documents:

- names: runs of capitalised words ("Vladimir Putin", "Vostochny Cosmodrome", "U.S.", "Bank of
  England"). This is a regex heuristic, not a trained NER (no spaCy model can be downloaded here): a
  capitalised word that starts a sentence counts only if it is not a common sentence opener and
  either is not in simplemma's English dictionary ("Putin") or is capitalised mid-sentence in the
  summary or sources ("Kim" after "leader Kim Jong Un"); so "Troops said" is no name, while a
  sentence-initial "Moscow" found nowhere else is missed. Names written in lowercase are missed.
  A name is supported when the phrase, or each of its words, appears in the sources (case-insensitive:
  Multi-News sources are lowercased).
- numbers: digits ("32", "32,000", "3.5%", "$2bn", "21st") and written forms ("two", "thirty-two",
  "a dozen", "2 million"), compared by value, so "32,000" matches "32 thousand". "one" is skipped:
  it is far more often a pronoun than a count.
- quotations: text inside quotation marks (summarizer.neutral.terms.quoted_spans), compared after
  lowercasing and dropping punctuation; each part of a quotation cut with an ellipsis must be found.

Returns per-type found/total, shares and the unsupported items, so a reader sees what was invented.
"""
from __future__ import annotations

import re
from functools import lru_cache

from summarizer.neutral.terms import quoted_spans
from summarizer.pipeline.clean import unescape_entities

# ---------------------------------------------------------------- numbers

_UNITS = {
    "zero": 0, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "bn": 1e9, "mn": 1e6, "tn": 1e12}
_WORD_NUMBER = "|".join(sorted([*_UNITS, *_TENS, "one", "a"], key=len, reverse=True))
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))

# digits (with thousands separators or decimals), an optional ordinal/percent, an optional scale word
_DIGITS_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:st|nd|rd|th)?\s*(?:%|percent|per cent)?"
    r"(?:[\s-]*(" + _SCALE + r")\b)?",
    re.IGNORECASE,
)
# written numbers: "two", "thirty-two", "two hundred", "a dozen", "one million" (not bare "one"/"a")
_WORDS_RE = re.compile(
    r"\b((?:" + _WORD_NUMBER + r"|" + "|".join(_TENS) + r"|" + _SCALE + r"|and)(?:[\s-]+(?:"
    + _WORD_NUMBER + r"|" + _SCALE + r"|and))*)\b",
    re.IGNORECASE,
)


def _words_value(phrase: str) -> float | None:
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w != "and"]
    if not words or all(w in {"one", "a"} for w in words):
        return None  # bare "one" / "a": not a number claim
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w in {"one", "a"}:
            current += 1
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w in _SCALES:
            seen = True
            scale = _SCALES[w]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
    return total + current if seen else None


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def extract_numbers(text: str) -> list[tuple[str, float, float]]:
    """(surface, value, value without scale word) for each number in the text."""
    found = []
    taken: list[tuple[int, int]] = []
    for m in _DIGITS_RE.finditer(text):
        base = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        scale = _SCALES.get((m.group(3) or "").lower(), 1)
        found.append((m.group().strip(), base * scale, base))
        taken.append(m.span())
    for m in _WORDS_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = _words_value(m.group(1))
        if value is not None:
            surface = re.sub(r"^(?:and[\s-]+)+|(?:[\s-]+and)+$", "", m.group(1), flags=re.IGNORECASE)
            found.append((surface, value, value))
    return found


# ---------------------------------------------------------------- names

# Capitalised words that start sentences far more often than they name something.
_OPENERS = set("""
a an the this that these those there here it its he she they we i you his her their our my your
in on at by for from with without to of as after before during while when where why how what which
who whom whose if but and or so yet also although though because since until unless however
meanwhile moreover furthermore still then thus today yesterday tomorrow now earlier later last
next some many most several few all both each every other another such no not one two three
according despite under over about against among between into through amid officials experts
critics analysts sources reports some
""".split())
_CONNECTORS = {"of", "de", "da", "del", "der", "van", "von", "la", "le", "bin", "al", "and", "&"}
_TOKEN_RE = re.compile(r"[\w][\w.&'’-]*")
_SENT_END_RE = re.compile(r"[.!?]['\"’”)]*\s+|\n+")


def _is_capitalised(token: str) -> bool:
    return token[:1].isupper()


def _strip_possessive(token: str) -> str:
    return re.sub(r"['’]s?$", "", token).rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.)+", token) else token


_MID_CAPITAL_RE = re.compile(r"(?<=[a-z0-9,;]\s)([A-Z][\w'’-]*)")


def capitalised_mid_sentence(text: str) -> set[str]:
    """Lowercased words written with a capital inside a sentence (so probably names)."""
    return {_strip_possessive(w).lower() for w in _MID_CAPITAL_RE.findall(text)}


def _ordinary_word(token: str, known_names: set[str]) -> bool:
    """A capitalised sentence opener that is probably an ordinary word ("Troops", "Later")."""
    import simplemma

    low = token.lower()
    if low in _OPENERS:
        return True
    return low not in known_names and simplemma.is_known(low, lang="en")


def extract_names(text: str, known_names: set[str] | None = None) -> list[str]:
    """Capitalised name phrases. A capitalised word that starts a sentence counts when it is not a
    common opener and either is not a dictionary word ("Putin") or is written with a capital inside
    a sentence somewhere in ``text`` or ``known_names`` ("Kim" in "leader Kim Jong Un")."""
    known_names = capitalised_mid_sentence(text) | (known_names or set())
    sentence_starts = {0} | {m.end() for m in _SENT_END_RE.finditer(text)}
    names, run = [], []

    def flush():
        while run and run[-1].lower() in _CONNECTORS:  # "Bank of" -> "Bank"
            run.pop()
        if run:
            names.append(" ".join(run))
        run.clear()

    tokens = [(m, _strip_possessive(m.group())) for m in _TOKEN_RE.finditer(text)]
    run_end = 0
    for i, (m, token) in enumerate(tokens):
        if not token:
            continue
        initial = m.start() in sentence_starts or (
            m.start() > 0 and text[:m.start()].rstrip()[-1:] in {'"', "“", "‘", "'", ":"}
            and text[:m.start()].rstrip()[:-1].rstrip()[-1:] in {"", ".", "!", "?", ":"}
        )
        gap = text[run_end:m.start()] if run else ""
        if run and (re.search(r"[^\s'’]", gap) or "\n" in gap):  # punctuation ends a name
            flush()
        if _is_capitalised(token) and not token[0].isdigit():
            next_capitalised = (
                i + 1 < len(tokens) and _is_capitalised(tokens[i + 1][1])
                and not re.search(r"[^\s]", text[m.end():tokens[i + 1][0].start()])
            )
            # a sentence opener is a name if unusual ("Putin") or followed by one ("Joe Biden")
            if initial and not run and (token.lower() in _OPENERS or (
                    not next_capitalised and _ordinary_word(token, known_names))):
                flush()
            else:
                run.append(token)
            run_end = m.end()
            continue
        if run and token.lower() in _CONNECTORS:
            run.append(token)
            run_end = m.end()
            continue
        flush()
    flush()
    return names


# ---------------------------------------------------------------- matching

def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"[^\w\s]", " ", text.replace(".", ""))
    return " " + " ".join(text.split()) + " "


@lru_cache(maxsize=64)
def _source_index(sources: tuple[str, ...]) -> tuple[str, set[str], set[float], set[str]]:
    joined = unescape_entities("\n".join(sources))   # as the summarizer reads them ("&amp;" is "&")
    norm = _normalise(joined)
    values = {v for _, full, base in extract_numbers(joined) for v in (full, base)}
    return norm, set(norm.split()), values, capitalised_mid_sentence(joined)


_ELLIPSIS_RE = re.compile(r"\.\.\.|…|\[\.\.\.\]")


def _quotes(text: str) -> list[str]:
    out = []
    for start, end in quoted_spans(text):
        inner = text[start:end].strip("\"'“”‘’«»„ \n").strip()
        if re.search(r"\w", inner):
            out.append(inner)
    return out


def faithfulness(summary: str, sources: list[str]) -> dict:
    """Counts of distinct names, numbers and quotations, how many the sources support, shares
    (None when the summary has none of that type) and the unsupported items."""
    norm, words, values, source_names = _source_index(tuple(sources))
    result: dict = {}
    unsupported: list[dict] = []

    def tally(kind: str, items: list[str], supported) -> None:
        found = 0
        for item in items:
            if supported(item):
                found += 1
            else:
                unsupported.append({"type": kind, "text": item})
        result[f"{kind}_total"] = len(items)
        result[f"{kind}_found"] = found
        result[f"{kind}_support"] = found / len(items) if items else None

    def name_supported(name: str) -> bool:
        phrase = _normalise(name)
        if phrase.strip() and phrase in norm:
            return True
        content = [w for w in phrase.split() if w not in _CONNECTORS]
        return bool(content) and all(w in words for w in content)

    numbers = list({surface.lower(): (surface, full, base) for surface, full, base in extract_numbers(summary)}.values())
    names = list({n.lower(): n for n in extract_names(summary, source_names)}.values())
    tally("names", names, name_supported)
    tally("numbers", [surface for surface, _, _ in numbers], lambda _: True)
    # numbers are judged by value: recount with the values
    result["numbers_found"] = 0
    unsupported = [u for u in unsupported if u["type"] != "numbers"]
    for surface, full, base in numbers:
        if full in values or base in values:
            result["numbers_found"] += 1
        else:
            unsupported.append({"type": "numbers", "text": surface, "value": _fmt(full)})
    result["numbers_support"] = result["numbers_found"] / len(numbers) if numbers else None
    quotes = list({q.lower(): q for q in _quotes(summary)}.values())
    tally("quotes", quotes, lambda q: all(_normalise(part) in norm for part in _ELLIPSIS_RE.split(q)
                                          if re.search(r"\w", part)))

    total = sum(result[f"{k}_total"] for k in ("names", "numbers", "quotes"))
    found = sum(result[f"{k}_found"] for k in ("names", "numbers", "quotes"))
    result["faithfulness"] = found / total if total else None
    result["unsupported"] = unsupported
    return result


def faithfulness_scores(summaries: list[str], sources: list[list[str]]) -> dict:
    """Batch form: {"items": [...], "status": "ok"}."""
    return {"items": [faithfulness(s, docs) for s, docs in zip(summaries, sources)], "status": "ok"}
