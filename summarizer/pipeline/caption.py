"""Where a photo caption glued to a report's first sentence ends.

BBC pages come lowercased and flattened: "image caption most couples in japan end up using the husband's
surname the japanese supreme court has upheld a law ...". The label says a caption follows, but nothing marks
where it ends. Two finite clauses side by side with no conjunction or comma between them do: the parser reads
the second as a conjunct of the first ("end up" ... "has upheld") with no "and", which English prose never
writes. Where these rules find no boundary, a learned model (`caption_boundary`) scores every place one
could be. Only asked after a caption label, so the parser runs on a handful of sentences per page at most.
"""
from __future__ import annotations

import re

from summarizer.pipeline.caption_boundary import CAPTION_WORDS, finite, learned_boundary
from summarizer.text import STOPWORDS

# a video's caption: who speaks and what they say ('the bbc's alan johnson: " we will never know ... " ')
_SPEAKER_QUOTE = re.compile(r"[^\":]{2,60}:\s*[\"“][^\"“”]{5,300}[\"”]\s+")
_WORD = re.compile(r"[\w'-]+")
_DATELINE_AGENCY = re.compile(r"\(\s*(ap|reuters|afp|cnn)\s*\)", re.I)
# stems of the verbs whose clause is what someone says or thinks ("told the military | there had been ...",
# "believ", "hope", "fear"...): wider than text.SAYING_VERBS (who is speaking), and stems, so kept apart
_SAYING = ("say", "said", "tell", "told", "announc", "report", "think", "thought", "believ", "know", "knew", "claim",
           "add", "warn", "insist", "argu", "hear", "heard", "show", "reveal", "confirm", "stat", "suggest", "feel",
           "felt", "hope", "fear", "expect", "ask", "note", "writ", "wrote", "explain", "admit")

# what a dated sentence in the present says is to come: "the law takes effect jan. 1, 2019", "the film opens ..."
_SCHEDULED = re.compile(r"(open|begin|start|end|close|expire|debut|premiere|air|launch|resume|kick|run|go|return|come|"
                        r"fall|occur|happen|last|continue|remain|mark|celebrate|face|plan|need|want|hit)(s|es)?")
_TAKES = {"effect", "place", "office", "over"}    # "takes effect", not "takes a sip"

# a clause never starts right after these: "... said | he", "... the | court", "... that | it"
_NOT_BEFORE = {"CCONJ", "ADP", "DET", "VERB", "AUX", "PRON", "SCONJ", "PART", "PUNCT", "SYM"}
_OPEN_QUOTES = ('"', "“")


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
        if not finite(verb) or verb.dep_ not in ("conj", "ccomp"):
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
        if any(finite(v) and v.i != verb.i and not _governs(verb, v) and v.dep_ not in ("relcl", "acl")
               and (s := _subject(v)) is not None and s.i < v.i for v in doc[:start]):
            return doc[start].idx
    named = _name_again(text, doc)
    if named is not None:
        return named
    learned = learned_boundary(doc)
    return None if learned is None or _reported(doc, learned) else learned


def _reported(doc, offset: int) -> bool:
    """The clause starting at `offset` is what someone says or thinks, hung on their verb with no "that"
    ("... told the military on thursday | there had been no change ..."); not when the verb has said its
    clause already ("mark lowen said rebels seemed to ... | russia says ...")."""
    return any(v.dep_ == "ccomp" and doc[v.left_edge.i].idx == offset and v.head.lower_.startswith(_SAYING)
               and not any(c.dep_ in ("ccomp", "xcomp") and c.i != v.i for c in v.head.children) for v in doc)


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


def describes_picture(text: str, dated: bool = False, strict: bool = False) -> bool:
    """A caption's sentence: its main verb in the simple present and not a saying ("jill kelley leaves her
    home monday ...", "cincinnati police investigate the scene ..."), or no main verb at all ("smoke and
    flames pouring from a residential building, which also contains ..."). A report's sentence after the
    same credit is in the past, the perfect or the progressive ("officials are hoping ...", "ubs said ...").
    `dated`: the sentence ends on a full date, so a verb of what is scheduled ("the law takes effect", "the
    film opens") says when news happens, not what a picture shows. `strict`: a sentence with no main verb, or
    whose verb takes a clause, is not taken ("especially tough: his ... separation ..., which finally ended when
    ...", "the latest court order ... means that the sheriff will be spared ...")."""
    from summarizer.fusion.alignment import dependency_parser

    if len(text.split()) < 5 or _DATELINE_AGENCY.search(text):
        return False        # "kansas city, mo. ( ap ) — the kansas": the report's dateline, cut short
    doc = dependency_parser()(text)
    # the first sentence with a verb at its root: the parser cuts at "capt." or "fla." too
    root = next((s.root for s in doc.sents if s.root.pos_ in ("VERB", "AUX")), None)
    if root is None:
        return not strict and not any(finite(t) for t in doc if t.dep_ not in ("relcl", "acl"))
    return (root.pos_ == "VERB" and root.tag_ in ("VBZ", "VBP") and not root.lower_.startswith(_SAYING)
            and not any(c.dep_ in ("aux", "auxpass") or strict and c.dep_ == "ccomp" for c in root.children)
            and not (dated and (_SCHEDULED.fullmatch(root.lower_)
                                or root.lower_ in ("take", "takes") and any(c.lower_ in _TAKES for c in root.children))))
