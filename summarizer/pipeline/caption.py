"""Where a photo caption glued to a report's first sentence ends.

BBC pages come lowercased and flattened: "image caption most couples in japan end up using the husband's
surname the japanese supreme court has upheld a law ...". The label says a caption follows, but nothing marks
where it ends. Two finite clauses side by side with no conjunction or comma between them do: the parser reads
the second as a conjunct of the first ("end up" ... "has upheld") with no "and", which English prose never
writes. Only asked after a caption label, so the parser runs on a handful of sentences per page at most.
"""
from __future__ import annotations

import re

from summarizer.text import STOPWORDS

# a video's caption: who speaks and what they say ('the bbc's alan johnson: " we will never know ... " ')
_SPEAKER_QUOTE = re.compile(r"[^\":]{2,60}:\s*[\"“][^\"“”]{5,300}[\"”]\s+")
_WORD = re.compile(r"[\w'-]+")
CAPTION_WORDS = 30     # a caption is shorter than this
_SAYING = ("say", "said", "tell", "told", "announc", "report", "think", "thought", "believ", "know", "knew", "claim",
           "add", "warn", "insist", "argu", "hear", "heard", "show", "reveal", "confirm", "stat", "suggest", "feel",
           "felt", "hope", "fear", "expect", "ask", "note", "writ", "wrote", "explain", "admit")

_FINITE = {"VBD", "VBZ", "VBP", "MD"}
# a clause never starts right after these: "... said | he", "... the | court", "... that | it"
_NOT_BEFORE = {"CCONJ", "ADP", "DET", "VERB", "AUX", "PRON", "SCONJ", "PART", "PUNCT", "SYM"}
_OPEN_QUOTES = ('"', "“")


def _finite(tok) -> bool:
    return tok.pos_ in ("VERB", "AUX") and (
        tok.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE for c in tok.children))


def _subject(tok):
    return next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)


def _governs(head, tok) -> bool:
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.i == head.i:
            return True
    return False


def caption_end(text: str) -> int | None:
    """Character offset where the report's sentence starts after a caption at the start of `text`, or None
    when no clause boundary is found (the caption may then be all of it, or the parse too unsure)."""
    from summarizer.fusion.alignment import dependency_parser

    if (m := _SPEAKER_QUOTE.match(text)) and len(text) - m.end() >= 20:
        return m.end()
    doc = dependency_parser()(text)
    n = len(doc)
    for verb in doc:
        if not _finite(verb) or verb.dep_ not in ("conj", "ccomp"):
            continue
        subject = _subject(verb)
        head = verb.head
        if subject is None or subject.i > verb.i or subject.tag_ in ("WP", "WDT") or subject.lower_ in ("that", "which"):
            continue
        start = subject.left_edge.i
        while start > 0 and doc[start - 1].text in _OPEN_QUOTES and doc[start - 1].head.i in (verb.i, subject.i):
            start -= 1
        if start < 4 or n - start < 6 or not head.i < start:
            continue
        before = doc[start - 1]
        if before.pos_ in _NOT_BEFORE and before.text not in ('"', ")", "”"):
            continue
        if verb.dep_ == "conj":      # "X met online ... | the fiance ... has been found": no "and" between
            if any(c.dep_ == "cc" and head.i < c.i < start for c in head.children):
                continue
        elif not (doc[start].text in _OPEN_QUOTES and before.pos_ in ("NOUN", "PROPN", "NUM") or
                  _unmarked_clause(doc, verb, subject, start)):
            continue                 # a quote opening right after a noun: '... in the quake " some people ...'
        # the caption before it is a clause of its own, not governed by the report's verb
        if any(_finite(v) and v.i != verb.i and not _governs(verb, v) and v.dep_ not in ("relcl", "acl")
               and (s := _subject(v)) is not None and s.i < v.i for v in doc[:start]):
            return doc[start].idx
    return _name_again(text, doc)


def _unmarked_clause(doc, verb, subject, start: int) -> bool:
    """The parser hangs the report's clause on the caption's verb as its object ("... seeks to overthrow
    somalia's government | a us special forces soldier has been killed"): a clause with a noun for subject,
    right after a noun, with no "that" or "if", within a caption's length, and not what someone says or
    thinks ("... told the military on thursday | there had been", "what impact | this would have")."""
    return (start <= CAPTION_WORDS and subject.pos_ in ("NOUN", "PROPN") and doc[start - 1].pos_ in ("NOUN", "PROPN", "NUM")
            and not any(c.dep_ == "mark" for c in verb.children) and not verb.head.lower_.startswith(_SAYING))


def _name_again(text: str, doc) -> int | None:
    """The report naming again whom the caption named first: "pyotr verzilov was one of those jailed ...
    pitch pyotr verzilov, an activist with ..." (two words, the first not a function word, at least five
    words in, within a caption's length, and where a sentence can start: not after a verb or a preposition,
    as in "... islamic state used chemical weapons in iraq" after a caption on chemical weapons)."""
    tokens = list(_WORD.finditer(text.lower()))
    if len(tokens) < 12 or tokens[0].group() in STOPWORDS:
        return None
    first = (tokens[0].group(), tokens[1].group())
    for k in range(5, min(CAPTION_WORDS, len(tokens) - 6)):
        if re.search(r"[.!?]\s", text[:tokens[k].start()]):
            return None      # past a sentence's end: the report, not the caption, names them again
        if (tokens[k].group(), tokens[k + 1].group()) == first:
            at = next((t for t in doc if t.idx == tokens[k].start()), None)
            if at is None or at.i == 0 or doc[at.i - 1].pos_ in _NOT_BEFORE:
                return None
            return tokens[k].start()
    return None
