"""Small text helpers shared by every stage, each written once: stop words, numbers, quotation
marks, word counts, word budgets and stemming. Sentence splitting lives in `summarizer.pipeline.segment`.

>>> sorted(numbers_in("It cost 1,200 dollars, or 3.5% more, in 2023."))
['1200', '2023', '3.5']
>>> sorted(numbers_in("up 3.5 per cent from 1,200", units=True))
['1200', '3.5%']
>>> words_that_fit(["One two three.", "Four five.", "Six."], 5)
2
>>> cut_to_words("one two, three four", 2)
'one two…'
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its "
    "this that these those he she they we you i his her their our your not no so than then there "
    "has have had do does did will would can could should may might said says also into over after "
    "before about who which what when where while".split()
)
# scikit-learn's English list (BSD-3-Clause), kept here so the TF-IDF centroid in pipeline/select.py
# scores exactly as TfidfVectorizer(stop_words="english") does without importing scikit-learn (0.7 s)
TFIDF_STOPWORDS = frozenset(
    "a about above across after afterwards again against all almost alone along already also although "
    "always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere "
    "are around as at back be became because become becomes becoming been before beforehand behind being "
    "below beside besides between beyond bill both bottom but by call can cannot cant co con could "
    "couldnt cry de describe detail do done down due during each eg eight either eleven else elsewhere "
    "empty enough etc even ever every everyone everything everywhere except few fifteen fifty fill find "
    "fire first five for former formerly forty found four from front full further get give go had has "
    "hasnt have he hence her here hereafter hereby herein hereupon hers herself him himself his how "
    "however hundred i ie if in inc indeed interest into is it its itself keep last latter latterly least "
    "less ltd made many may me meanwhile might mill mine more moreover most mostly move much must my "
    "myself name namely neither never nevertheless next nine no nobody none noone nor not nothing now "
    "nowhere of off often on once one only onto or other others otherwise our ours ourselves out over own "
    "part per perhaps please put rather re same see seem seemed seeming seems serious several she should "
    "show side since sincere six sixty so some somehow someone something sometime sometimes somewhere "
    "still such system take ten than that the their them themselves then thence there thereafter thereby "
    "therefore therein thereupon these they thick thin third this those though three through throughout "
    "thru thus to together too top toward towards twelve twenty two un under until up upon us very via "
    "was we well were what whatever when whence whenever where whereafter whereas whereby wherein "
    "whereupon wherever whether which while whither who whoever whole whom whose why will with within "
    "without would yet you your yours yourself yourselves "
    .split())
# lowercase word tokens as the concept and pair builders read them; "s" and "t" are what the pattern
# leaves of "Kim's" and "don't"
WORD_TOKEN = re.compile(r"[a-z0-9]+")
TOKEN_STOPWORDS = STOPWORDS | {"s", "t"}
QUOTE_MARKS = "\"“”'‘’"
STRAIGHT_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
MAX_WORDS_LIMIT = 100_000   # the largest word budget taken (API and CLI): far past any summary, so a typo
CUT_MARK = "…"     # ends a sentence cut to fit a word budget (attached: it adds no word)

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?(?P<unit>%|percent|per cent))?")


# Verbs that give words to someone, as reports write them ('..., she said.', 'says X', 'X told reporters'): the one
# list every check of who is speaking reads (fusion's rules and speakers, selection's first-person test)
SAYING_VERBS = frozenset(
    "said says say told tells added adds explained explains noted notes wrote writes stated states declared declares "
    "replied replies responded responds insisted insists claimed claims argued argues asked asks warned warns "
    "recalled recalls tweeted tweets suggested suggests admitted admits conceded concedes joked quipped".split())


def saying_words(*extra: str, without: Iterable[str] = ()) -> str:
    """A regular expression group matching one of SAYING_VERBS or `extra`, less `without` (longest first, so
    that an extra "told \\w+" is tried before "told")."""
    words = {*SAYING_VERBS, *extra} - set(without)
    return "(?:" + "|".join(sorted(words, key=lambda w: (-len(w), w))) + ")"


# someone speaking in the first person outside any quotation, with no one named as saying it: a column's, a
# statement's or a shop's own voice ("We wish we could say the same in return.", "Learn more about our plans.")
_FIRST_PERSON = re.compile(r"\b(i|we|my|our|ours|me|myself|ourselves)\b(?!-)|\b(i|we) ?['’] ?(m|re|ve|d|ll)\b",
                           re.IGNORECASE)
# someone else said it ("..., experts claim", "according to the report"), not "I said"
# (not the words that are also nouns or fillers where no parse tells them apart: "the united states", "say, the red sox")
_SAYS_WHO = re.compile(r"(?<!\bi )(?<!\bwe )\b" + saying_words("according", "claim", "posted",
                                                                without=("say", "states", "notes", "tweets")) + r"\b",
                       re.IGNORECASE)


def outside_quotations(text: str) -> str:
    """`text` without what stands inside double quotation marks (straight or curly)."""
    return " ".join(re.split(r"[\"“”]", text)[0::2])


def names_speaker(text: str) -> bool:
    """Outside quotation marks, the sentence says who says it ("..., experts claim", "according to ...")."""
    return bool(_SAYS_WHO.search(outside_quotations(text)))


def speaks_unnamed(text: str) -> bool:
    """A first-person sentence outside quotation marks that names no one saying it: its reader cannot tell
    who "I" or "we" is (the project's reads count it not self-contained)."""
    return bool(_FIRST_PERSON.search(outside_quotations(text))) and not names_speaker(text)


# "you" and its forms ("you're" and "you ' re" included): a page or a speaker addressing someone
SECOND_PERSON = re.compile(r"\b(you|your|yours)\b", re.IGNORECASE)
_OPENS_ON_YOU = re.compile(r"\W*((and|but|so|or|if|when|while|once|unless|before|after|as|because|now|then|here|what|"
                           r"whether|whatever|how|in case)\s+){0,2}(you|your|yours)\b|\W*please\b", re.IGNORECASE)


def addresses_reader(text: str) -> bool:
    """A sentence that opens by speaking to "you" (perhaps after "and", "if", "while"...) or with "please",
    outside quotation marks, and names no one saying it: a page's word to its reader ("And while you're here,
    ...", "Please continue showing your support ...", "You'd think ..."), not a report's (the reading convention
    counts it not self-contained). A "you" further in is often the generic one news writes ("the kind of
    language you would expect from ...") and stays."""
    return bool(_OPENS_ON_YOU.match(outside_quotations(text))) and not names_speaker(text)


# characters that move the cursor, recolour or reorder a terminal's text: C0/C1 controls (newline, ESC...),
# DEL, line/paragraph separators, bidirectional overrides
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to print on one line: each control character written as its escape (`\\n`, `\\x1b`),
    so a file name or report cannot forge lines or colours in text output.

    >>> printable("a.txt\\n[1] forged\\x1b[31m")
    'a.txt\\\\n[1] forged\\\\x1b[31m'
    """
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], str(text))


def numbers_in(text: str, units: bool = False) -> set[str]:
    """Numbers as written, thousands separators dropped and trailing zeros of decimals kept. With
    `units`, a percentage keeps a "%" ("3.5 per cent" -> "3.5%"), so that values can be compared."""
    return {key for key, _ in number_mentions(text, units)}


def number_mentions(text: str, units: bool = False) -> Iterator[tuple[str, str]]:
    """(value as `numbers_in` writes it, the words in the text) for each number, in order."""
    for m in _NUMBER.finditer(text):
        number = m.group()[: m.start("unit") - m.start()].rstrip() if m.group("unit") else m.group()
        yield number.replace(",", "") + ("%" if units and m.group("unit") else ""), m.group()


def sentence_case(text: str) -> str:
    """`text` with its first letter a capital, as a sentence read on its own starts (a sentence whose
    dateline was left out may start "the obama administration ..."; a recased rewrite; a cut)."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


def quotes_unbalanced(text: str) -> bool:
    """True when a quotation opens and does not close (an odd number of straight double quotes, or
    unmatched curly ones): a cut that lost one end of a quotation."""
    return text.count('"') % 2 == 1 or text.count("“") != text.count("”")


# Han, kana and CJK punctuation: scripts written without spaces, where a character stands for about a word
_CJK_CHARS = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK = re.compile(f"[{_CJK_CHARS}]")
_CJK_OR_WORD = re.compile(f"[{_CJK_CHARS}]|[^\\s{_CJK_CHARS}]+")
_ANY_SCRIPT_TOKEN = re.compile(f"[{_CJK_CHARS}]|[^\\W_{_CJK_CHARS}]+")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens for counting what sentences share: `WORD_TOKEN` words for ASCII text;
    words of any script otherwise, each Chinese or Japanese character a token of its own.

    >>> tokens("Putin's visit"), tokens("Путин прибыл"), tokens("洪水关闭")
    (['putin', 's', 'visit'], ['путин', 'прибыл'], ['洪', '水', '关', '闭'])
    """
    lower = text.lower()
    return WORD_TOKEN.findall(lower) if lower.isascii() else _ANY_SCRIPT_TOKEN.findall(lower)


def word_count(text: str) -> int:
    """Words as a budget counts them: whitespace-separated, each Chinese or Japanese character one word.

    >>> word_count("two words"), word_count("洪水关闭了公路。"), word_count("Tokyo 東京 mayor")
    (2, 7, 4)
    """
    if not CJK.search(text):
        return len(text.split())
    return sum(1 for token in CJK.sub(" ", text).split()) + sum(1 for c in CJK.findall(text) if c.isalnum())


def words_that_fit(texts: Iterable[str], max_words: int) -> int:
    """How many of `texts`, from the first, fit together within `max_words`."""
    used = count = 0
    for text in texts:
        used += word_count(text)
        if used > max_words:
            break
        count += 1
    return count


def cut_to_words(text: str, max_words: int, mark: str = CUT_MARK) -> str:
    """`text` cut to its first `max_words` words, ending in `mark` when anything was cut."""
    if CJK.search(text):   # cut after the max_words-th character or word, keeping the text's spacing
        seen = 0
        for m in _CJK_OR_WORD.finditer(text):
            seen += not CJK.fullmatch(m.group()) or m.group().isalnum()
            if seen > max_words:
                return text[:m.start()].rstrip(" ,;:、，；：") + mark
        return text
    words = text.split()
    if len(words) <= max_words:
        return text
    return " ".join(words[:max_words]).rstrip(",;:") + mark


# Porter stemmer exactly as embedded in ROUGE-1.5.5 (Martin Porter's Perl release 1, with
# Chin-Yew Lin's 2004 change to step 4: "-ement" words do not also lose "-ment"/"-ent").
_c, _v = "[^aeiou]", "[aeiouy]"
_C, _V = f"{_c}[^aeiouy]*", f"{_v}[aeiou]*"
_MGR0 = re.compile(f"^({_C})?{_V}{_C}")
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_HAS_V = re.compile(f"^({_C})?{_v}")
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")
_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
          "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
          "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
          "iviti": "ive", "biliti": "ble", "logi": "log"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP2_RE = re.compile("(" + "|".join(_STEP2) + ")$")
_STEP3_RE = re.compile("(" + "|".join(_STEP3) + ")$")
_STEP4_RE = re.compile("(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")


def porter_stem(w: str) -> str:
    """ROUGE-1.5.5's `stem`: a line-by-line port, regexes and quirks included (lowercase input)."""
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:  # an initial y is a consonant
        w = "Y" + w[1:]
    # step 1a
    if (m := re.search("(ss|i)es$", w)) or (m := re.search("([^s])s$", w)):
        w = w[:m.start()] + m.group(1)
    # step 1b
    if m := re.search("eed$", w):
        if _MGR0.search(w[:m.start()]):
            w = w[:-1]
    elif m := re.search("(ed|ing)$", w):
        stem = w[:m.start()]
        if _HAS_V.search(stem):
            w = stem
            if re.search("(at|bl|iz)$", w):
                w += "e"
            elif re.search(r"([^aeiouylsz])\1$", w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"
    # step 1c
    if m := re.search("y$", w):
        stem = w[:m.start()]
        if _HAS_V.search(stem):
            w = stem + "i"
    # steps 2 and 3
    for pattern, table in ((_STEP2_RE, _STEP2), (_STEP3_RE, _STEP3)):
        if m := pattern.search(w):
            stem = w[:m.start()]
            if _MGR0.search(stem):
                w = stem + table[m.group(1)]
    # step 4 (CYL's variant)
    if m := _STEP4_RE.search(w):  # noqa: SIM102 - nested as in ROUGE-1.5.5's Perl, step by step
        if _MGR1.search(w[:m.start()]):
            w = w[:m.start()]
    if m := re.search("ment$", w):  # noqa: SIM102 - as above
        if _MGR1.search(w[:m.start()]):
            w = w[:m.start()]
    if m := re.search("ent$", w):
        if _MGR1.search(w[:m.start()]):
            w = w[:m.start()]
    elif m := re.search("(s|t)(ion)$", w):
        stem = w[:m.start()] + m.group(1)
        if _MGR1.search(stem):
            w = stem
    # step 5
    if m := re.search("e$", w):
        stem = w[:m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if re.search("ll$", w) and _MGR1.search(w):
        w = w[:-1]
    if initial_y:
        w = "y" + w[1:]
    return w


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """`porter_stem`, cached: what the summarizer compares words by ("talks", "talked" -> "talk").

    >>> [stem(w) for w in ("satellites", "launched", "launching")]
    ['satellit', 'launch', 'launch']
    """
    return porter_stem(word)


def content_stems(text: str) -> set[str]:
    """The stems of a text's words that are not stop words: what two sentences' overlap is counted by.

    >>> sorted(content_stems("The leaders talked about the satellites."))
    ['leader', 'satellit', 'talk']
    """
    return {stem(w) for w in WORD_TOKEN.findall(text.lower()) if w not in TOKEN_STOPWORDS}
