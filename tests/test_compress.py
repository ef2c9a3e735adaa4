"""Deletion-only compressions for training pairs: whole side constituents cut, claims kept."""
from __future__ import annotations

import random

import pytest

from summarizer.training.compress import compressions


@pytest.mark.parametrize("sentence, expected", [
    ("John Smith, a spokesman for the company, said the plant would close.",
     "John Smith said the plant would close."),                                        # apposition
    ("The senator, who was elected in 2010, voted against the bill on Monday.",
     "The senator voted against the bill on Monday."),                                 # who-clause
    ("After three hours of talks in the border town, the two leaders signed the deal.",
     "The two leaders signed the deal."),                                              # opening phrase
    ("The storm hit the coast on Tuesday, leaving three people dead.",
     "The storm hit the coast on Tuesday."),                                           # closing participle
    ("The company (which was founded in 1990) said on Monday it would cut 500 jobs.",
     "The company said on Monday it would cut 500 jobs."),                             # parenthesis
])
def test_a_side_constituent_is_cut_and_the_rest_kept_word_for_word(sentence, expected):
    assert expected in compressions(sentence, random.Random(0))


@pytest.mark.parametrize("sentence, never", [
    # a condition or an attribution changes the claim when cut
    ("If the talks fail next week, the two countries will close the border.", "The two countries will close"),
    ("According to the police report, the driver was not wearing a seat belt.", "The driver was not"),
    # an apposition inside a list of people is not a side detail
    ("Marie Gemmell, 36, her son Cole and her infant son Devin were inside the home.", "Gemmell her son"),
])
def test_cuts_that_change_the_claim_are_not_made(sentence, never):
    assert not any(never in c for c in compressions(sentence, random.Random(0)))


def test_two_cuts_combine_and_every_result_is_shorter():
    sentence = ("In a statement on Friday, Jane Doe, the chief executive, said the company would open "
                "two new stores, creating 300 jobs.")
    out = compressions(sentence, random.Random(1))
    assert out and all(len(c) < len(sentence) for c in out)
    assert any(c.startswith("Jane Doe said") for c in out)
