"""Small text helpers shared by every stage, each written once: stop words, numbers, quotation
marks, word counts and word budgets. Sentence splitting lives in `summarizer.pipeline.segment`.

>>> sorted(numbers_in("It cost 1,200 dollars, or 3.5% more, in 2023."))
['1200', '2023', '3.5']
>>> sorted(numbers_in("up 3.5 per cent from 1,200", units=True))
['1200', '3.5%']
>>> words_that_fit(["One two three.", "Four five.", "Six."], 5)
2
>>> cut_to_words("one two, three four", 2)
'one two …'
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

STOPWORDS = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being it its "
    "this that these those he she they we you i his her their our your not no so than then there "
    "has have had do does did will would can could should may might said says also into over after "
    "before about who which what when where while".split()
)
QUOTE_MARKS = "\"“”'‘’"
STRAIGHT_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
CUT_MARK = " …"     # ends a sentence cut to fit a word budget

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?(?P<unit>%|percent|per cent))?")


def numbers_in(text: str, units: bool = False) -> set[str]:
    """Numbers as written, thousands separators dropped and trailing zeros of decimals kept. With
    `units`, a percentage keeps a "%" ("3.5 per cent" -> "3.5%"), so that values can be compared."""
    return {key for key, _ in number_mentions(text, units)}


def number_mentions(text: str, units: bool = False) -> Iterator[tuple[str, str]]:
    """(value as `numbers_in` writes it, the words in the text) for each number, in order."""
    for m in _NUMBER.finditer(text):
        number = m.group()[: m.start("unit") - m.start()].rstrip() if m.group("unit") else m.group()
        yield number.replace(",", "") + ("%" if units and m.group("unit") else ""), m.group()


def word_count(text: str) -> int:
    return len(text.split())


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
    words = text.split()
    if len(words) <= max_words:
        return text
    return " ".join(words[:max_words]).rstrip(",;:") + mark
