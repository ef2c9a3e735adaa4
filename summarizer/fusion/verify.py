"""Is a fused sentence backed by the source sentences it was written from?

A small model can swap a name, invent a number or misquote, so every fused sentence is checked
against its own input group (not the whole cluster: a name from another fact is still an error
here). Problems, each a flag name:
- unsupported-number: a number the group does not contain;
- unsupported-entity: a capitalised word (not starting the sentence) the group does not contain,
  or a word found nowhere in the cluster that the tokenizer does not know as a whole word;
- unsupported-quote: a quotation that is not in the group word for word;
- novel-word: a content word the group does not use, even inflected differently (a small model's
  "paraphrases" are mostly swaps: "California" for "Nevada", "attack" for "test"), reporting
  verbs aside;
- repetition: a word said twice in a row or a pair of words said twice ("the last of the last") where
  no source sentence says it so, or a content
  word used more often than the whole group uses it (the typical swap: "the evidence doesn't back
  Democrats' panic that Democrats can't win" for "... that Bernie can't win");
- unsupported-quote also covers a quotation left open;
- loaded-term: a loaded term outside quotations;
- drifted: its meaning is far from the sentence it rewrites (embedding cosine);
- too-short: what is left is a fragment.
The engine replaces a sentence with any problem by its source sentence.
"""
from __future__ import annotations

import re
from collections import Counter

from summarizer.fusion.recase import fold
from summarizer.text import STOPWORDS, numbers_in, quotes_unbalanced

MIN_COSINE = 0.7        # fused vs. anchor sentence: below this it says something else
MIN_WORDS = 5
STEM = 5                # words sharing their first 5 letters count as the same word ("responds", "responded")
REPORTING = frozenset("say says said saying tell tells told report reports reported reporting according "
                      "added adds announce announced announces statement".split())
# "said"/"says" stay countable: a rewrite that says "said" more often than its sources is suspect
_STOP = (STOPWORDS - {"said", "says"}) | frozenset(
    "all any him just me more most mr mrs ms my new now one only other out some such them two up us very".split())

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,})[\"”]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _key(word: str) -> str:
    key = fold(word).replace("’", "'")
    return key[:-2] if key.endswith("'s") else key


def _squash(text: str) -> str:
    return " ".join(fold(w) for w in _words(text))


def problems(text: str, group: list[str], cluster_vocab: set[str] | None = None,
             known_word=None, cosine: float | None = None) -> list[str]:
    """Flags for `text` (see module docstring); empty when it is backed by `group`."""
    from summarizer.neutral.terms import find_loaded_terms

    found: list[str] = []
    joined = " ".join(group)
    group_keys = {_key(w) for w in _words(joined)}
    if numbers_in(text) - numbers_in(joined):
        found.append("unsupported-number")
    words = _words(text)
    for k, word in enumerate(words):
        key = _key(word)
        if key in group_keys or word.isdigit():
            continue
        capitalised = word[0].isupper() and k > 0
        unknown = (cluster_vocab is not None and key not in cluster_vocab
                   and known_word is not None and not known_word(key))
        if capitalised or unknown:
            found.append("unsupported-entity")
            break
    if quotes_unbalanced(text) or not quotes_found(text, joined):
        found.append("unsupported-quote")
    prefixes = {k[:STEM] for k in group_keys}
    if any(k not in group_keys and k[:STEM] not in prefixes and k not in REPORTING and k not in _STOP
           and not k.isdigit() for k in (_key(w) for w in words)):
        found.append("novel-word")
    folded = [_key(w) for w in words]
    group_counts = Counter(_key(w) for w in _words(joined))
    overused = any(n > group_counts[k] for k, n in Counter(folded).items() if k not in _STOP and k in group_counts)
    if overused or _repeats_beyond_sources(folded, group):
        found.append("repetition")
    if find_loaded_terms(text):
        found.append("loaded-term")
    if cosine is not None and cosine < MIN_COSINE:
        found.append("drifted")
    if len(words) < MIN_WORDS:
        found.append("too-short")
    return found


def _repeats_beyond_sources(folded: list[str], group: list[str]) -> bool:
    """A word said twice in a row, or a pair of words (not both function words) said twice, more often
    than any one source sentence says it: "the search for ... the search for" copied from a source that
    says it twice is no stutter of the model."""
    source_pairs = [Counter(zip(keys, keys[1:])) for keys in ([_key(w) for w in _words(s)] for s in group)]

    def most_in_a_source(pair: tuple[str, str]) -> int:
        return max((pairs[pair] for pairs in source_pairs), default=0)

    own = Counter(zip(folded, folded[1:]))
    doubled = any(a == b and len(a) > 2 and not most_in_a_source((a, b)) for a, b in own)
    repeated = any(n > 1 and n > most_in_a_source(pair) and (pair[0] not in _STOP or pair[1] not in _STOP)
                   for pair, n in own.items())
    return doubled or repeated


def quotes_found(text: str, source: str) -> bool:
    """Every quotation in `text` is in `source` word for word (case, accents and punctuation aside)."""
    squashed = _squash(source)
    return all(_squash(q) in squashed for q in _QUOTED.findall(text))


def vocabulary(texts: list[str]) -> set[str]:
    return {_key(w) for t in texts for w in _words(t)}
