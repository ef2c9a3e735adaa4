"""Is a fused sentence backed by the source sentences it was written from?

A small model can swap a name, invent a number or misquote, so every fused sentence is checked
against its own input group (not the whole cluster: a name from another fact is still an error
here). Problems, each a flag name:
- unsupported-number: a number the group does not contain;
- unsupported-entity: a capitalised word (not starting the sentence) the group does not contain,
  or a word found nowhere in the cluster that the tokenizer does not know as a whole word;
- unsupported-quote: a quotation that is not in the group word for word;
- loaded-term: a loaded term outside quotations;
- drifted: its meaning is far from the sentence it rewrites (embedding cosine);
- too-short: what is left is a fragment.
The engine replaces a sentence with any problem by its source sentence.
"""
from __future__ import annotations

import re

from summarizer.attribute import numbers_in
from summarizer.recase import fold

MIN_COSINE = 0.7        # fused vs. anchor sentence: below this it says something else
MIN_WORDS = 5

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
    from summarizer.neutral import find_loaded_terms

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
    source = _squash(joined)
    if any(_squash(q) not in source for q in _QUOTED.findall(text)):
        found.append("unsupported-quote")
    if find_loaded_terms(text):
        found.append("loaded-term")
    if cosine is not None and cosine < MIN_COSINE:
        found.append("drifted")
    if len(words) < MIN_WORDS:
        found.append("too-short")
    return found


def vocabulary(texts: list[str]) -> set[str]:
    return {_key(w) for t in texts for w in _words(t)}
