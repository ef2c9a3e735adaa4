"""Citations that hold: a summary sentence cites only report sentences that state its fact."""
import json
from pathlib import Path

import numpy as np
import pytest

from summarizer.pipeline.cite import citations, states_the_fact
from summarizer.types import Sentence

LABELS = Path(__file__).parent / "fixtures" / "citations.jsonl"


def test_a_close_paraphrase_is_cited_but_a_loose_one_a_question_or_other_numbers_are_not():
    said = "35 percent of Biden's campaign staff are people of color."
    assert states_the_fact(said, "Biden campaign is 35% people of color, new data shows.", 0.85)
    assert not states_the_fact(said, "Among senior staff, 36 percent are people of color.", 0.9)
    assert not states_the_fact(said, "Is Biden's campaign diverse?", 0.9)
    assert not states_the_fact(said, "Biden's campaign released data on its staff.", 0.7)


def test_a_paraphrase_that_keeps_most_of_the_wording_is_cited_below_the_embedding_bar():
    said = "Pope Francis was flown by helicopter to Castel Gandolfo for a private lunch with Benedict."
    assert states_the_fact(said, "Pope Francis traveled to Castel Gandolfo to have lunch with Benedict.", 0.75)
    assert not states_the_fact(said, "Benedict has lived in retirement since 2013.", 0.75)
    assert not states_the_fact(said, "Pope Francis traveled to Castel Gandolfo to have lunch with Benedict.", 0.65)


def test_a_report_giving_the_same_count_with_most_of_the_words_is_cited_below_the_paraphrase_bar():
    said = "About 2,000 farmers protested outside the town hall."
    other = "Police estimated that 2,000 farmers gathered outside the town hall to call for compensation for lost harvests."
    assert states_the_fact(said, other, 0.63)
    assert not states_the_fact(said, other.replace("2,000", "5,000"), 0.63)   # another count: a conflict
    assert not states_the_fact(said, "Police estimated that 2,000 farmers gathered outside.", 0.63)  # too few words
    assert not states_the_fact("Protesters celebrated the deal in Sanaa November 23, 2011.",
                               "A protester shouts during a demonstration in Sanaa November 23, 2011.", 0.63)  # a date only


def test_a_rewrite_cites_the_reports_that_state_what_it_says():
    sents = [Sentence(doc=d, index=0, text=t, start=0, end=len(t)) for d, t in enumerate(
        ["About 2,000 farmers protested outside the town hall, demanding compensation for crops lost in dry summers.",
         "Police estimated that 2,000 farmers gathered outside the town hall to call for compensation.",
         "The organisers counted 5,000 farmers."])]
    emb = np.array([[1, 0], [0.6, 0.8], [0.6, 0.8]], dtype=np.float32)
    assert citations(0, [0, 1, 2], sents, emb) == [0]        # the long anchor says more than report 2
    rewrite = "About 2,000 farmers protested outside the town hall."
    assert citations(0, [0, 1, 2], sents, emb, rewrite, np.array([0.8, 0.6], dtype=np.float32)) == [0, 1]


def test_the_chosen_sentence_always_cites_itself_and_support_counts_reports_that_state_it():
    sents = [Sentence(doc=d, index=0, text=t, start=0, end=len(t)) for d, t in enumerate(
        ["Putin said Russia would help build satellites.", "Putin said Russia will help build satellites.",
         "Analysts say Kim could seek help with submarines."])]
    emb = np.array([[1, 0], [0.99, 0.14], [0.6, 0.8]], dtype=np.float32)
    assert citations(0, [0, 1, 2], sents, emb) == [0, 1]
    assert citations(2, [0, 1, 2], sents, emb) == [2]


@pytest.mark.slow
def test_citation_precision_on_the_hand_labelled_pairs_is_at_least_95_percent(embedder):
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 100 and 0 < sum(r["states_the_fact"] for r in rows) < len(rows)
    a = embedder.encode([r["sentence"] for r in rows])
    b = embedder.encode([r["source"] for r in rows])
    cited = [r for r, x, y in zip(rows, a, b) if states_the_fact(r["sentence"], r["source"], float(x @ y))]
    assert len(cited) >= 30
    assert sum(r["states_the_fact"] for r in cited) / len(cited) >= 0.95
    held_out = [r for r in cited if r.get("held_out")]   # labelled after the thresholds were chosen
    assert len(held_out) >= 10 and sum(r["states_the_fact"] for r in held_out) / len(held_out) >= 0.95


@pytest.mark.slow
def test_seed_citations_hold_and_support_counts_only_citing_reports(extractive, seed_paths):
    summary = extractive.summarize(seed_paths, max_words=150)
    for s in summary.sentences:
        assert s.support == len({r.doc for r in s.sources}) >= 1
        assert not any("submarines" in r.text and "submarines" not in s.text for r in s.sources)
