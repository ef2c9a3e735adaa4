"""A continued quotation gets its speaker back from the sentence before it.

News reports carry on a quotation over several sentences and name the speaker once:

    report:  "We continue to see signs of progress," said CDC director Tom Frieden. "This confirms that
             we can turn the tide."
    alone:   "This confirms that we can turn the tide."                  (who says so?)
    given:   "This confirms that we can turn the tide," said CDC director Tom Frieden.

A summary sentence that is a quotation and nothing else tells its reader nothing of who speaks (the
project's reads count it wrong). When the sentence before it in the same report is itself a quotation
that ends on its attribution ('..." X said.' or '..." said X.'), the quotation goes on in the same
voice, and the attribution is copied onto it: every word is the report's own, and the sentence cites
both. Nothing is done when the quotation is not a whole one (a quotation mark inside it, one missing at
either end), or when the sentence before gives no speaker in that form.
"""
from __future__ import annotations

import re

from summarizer.text import saying_words

OPEN = '"“'
CLOSE = '"”'
# '"...," he continued.' goes on a quotation; '"...?" she asked.' does not lend its verb to a statement after it
_SAYING = saying_words(r"told \w+", r"tells \w+", "continued", without=("asked", "asks"))
_SPEAKER = r"[^\W\d][\w.'’-]*(?: [\w.'’-]+){0,5}?"
# what may follow the attribution to the end of the sentence before: no other quotation
_TAIL = r"[^\"“”]*"
# '..., " X said [in a statement].' or '..., " said X[, author of ...].' closing the sentence before
_ATTRIBUTION = re.compile(
    r"[,!?]\s*[\"”]\s*(?:(?P<before>" + _SPEAKER + r" " + _SAYING + r")\b" + _TAIL +
    r"|(?P<after>" + _SAYING + r" " + _SPEAKER + r")(?:,(?!\s*[\"“])" + _TAIL + r"| (?:on|in|at|during|after|before|"
    r"last|this) [^\"“”,]*)?)\.\s*$", re.IGNORECASE)
_ATTRIBUTION_WORDS = re.compile(r"\b" + saying_words("according") + r"\b", re.IGNORECASE)


def whole_quotation(text: str) -> str | None:
    """The words inside `text` when it is one quotation and nothing else ('"It was a mistake."'), its
    closing full stop inside or outside the marks; None otherwise."""
    stripped = text.strip()
    if stripped.endswith(".") and stripped[-2:-1] in tuple(CLOSE):
        stripped = stripped[:-1]           # '"... in the end".' : the stop outside the marks
    if len(stripped) < 3 or stripped[0] not in OPEN or stripped[-1] not in CLOSE:
        return None
    inner = stripped[1:-1].strip()
    if any(mark in inner for mark in OPEN + CLOSE) or _ATTRIBUTION_WORDS.search(inner.split(".")[-1]):
        return None
    return inner or None


def speaker_of(previous: str) -> str | None:
    """The attribution that ends `previous` when it closes a quotation ('said cdc director tom frieden',
    'sanford said'), as the report spells it, without what follows it (', author of ...', 'in a statement'); None when it does not end
    that way."""
    found = _ATTRIBUTION.search(previous.strip())
    if not found:
        return None
    said = (found.group("before") or found.group("after")).strip()
    # 'said on tuesday' caught as a speaker: no one is named
    return None if re.fullmatch(_SAYING + r"(?: (?:on|in) .*)?", said, re.IGNORECASE) else said


def attributed(text: str, previous: str | None) -> str | None:
    """`text`, a whole quotation, with the speaker the sentence before it names ('"...," X said.'); None
    when `text` is not a whole quotation or `previous` names no speaker at its end."""
    inner = whole_quotation(text)
    if inner is None or not previous:
        return None
    said = speaker_of(previous)
    if said is None:
        return None
    inner = inner.rstrip()
    if inner.endswith("."):
        inner = inner[:-1].rstrip() + ","
    elif not inner.endswith(("?", "!", ",")):
        inner += ","
    mark_open = text.strip()[0]
    mark_close = "”" if mark_open == "“" else '"'
    return f"{mark_open}{inner}{mark_close} {said}."


def quotation_words(text: str) -> tuple[str, ...]:
    """The words of the first quotation in `text`, lower-cased, punctuation aside: a quotation given its
    speaker still says word for word what its source sentence says."""
    parts = re.split(r"[\"“”]", text)
    inside = parts[1] if len(parts) > 2 else text
    return tuple(re.findall(r"[\w'’-]+", inside.lower()))
