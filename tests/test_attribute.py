"""Attribution of generated sentences to source sentences (summarizer.engines.attribute), with MiniLM."""
from __future__ import annotations

import pytest
from hf_models import make_cluster

from summarizer.engines.attribute import attribute, names_in, numbers_in

REPORTS = [
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un on Wednesday. "
    "The talks at the Vostochny cosmodrome lasted about five hours. Officials counted 1,200 guests.",
    "Kim Jong Un travelled to Russia by armoured train to meet Vladimir Putin. "
    "The summit took place at a space launch centre in the Far East.",
    "Washington warned against an arms deal between the two countries. "
    "The United States said any deal would violate sanctions.",
]


@pytest.fixture(scope="module")
def cluster(embedder):
    return make_cluster(REPORTS, embedder)


def test_a_fact_stated_twice_cites_both_documents(cluster, embedder):
    [s] = attribute(["Putin met Kim Jong Un at a space centre in the Russian Far East."], cluster, embedder)
    assert {r.doc for r in s.sources} >= {0, 1}
    assert s.support == len({r.doc for r in s.sources}) >= 2
    assert s.flags == []
    for ref in s.sources:                      # provenance points at real text of the input
        assert REPORTS[ref.doc][ref.start:ref.end] == ref.text


def test_the_best_source_comes_first(cluster, embedder):
    [s] = attribute(["The United States warned that an arms deal would violate sanctions."], cluster, embedder)
    assert s.sources[0].doc == 2


def test_invented_numbers_and_names_are_flagged(cluster, embedder):
    texts = ["The talks lasted about seven hours with 1200 guests.",      # 1,200 is in the sources
             "The talks lasted 12 hours, officials said.",
             "Kim Jong Un met Xi Jinping on Wednesday."]
    ok, number, name = attribute(texts, cluster, embedder)
    assert "unsupported-number" not in ok.flags
    assert "unsupported-number" in number.flags
    assert "unsupported-entity" in name.flags and "unsupported-entity" not in number.flags


def test_an_unrelated_sentence_is_weakly_supported_but_still_cited(cluster, embedder):
    [s] = attribute(["Heavy rain flooded the vineyards of Bordeaux last spring."], cluster, embedder)
    assert "low-support" in s.flags
    assert len(s.sources) == 1


def test_empty_texts_give_no_sentences(cluster, embedder):
    assert attribute(["", "  "], cluster, embedder) == []


def test_number_and_name_extraction():
    assert numbers_in("It cost 1,200 dollars, or 3.5% more, in 2023.") == {"1200", "3.5", "2023"}
    assert names_in("Kim's train reached Russia. The talks began.") == {"kim", "russia", "the"}
