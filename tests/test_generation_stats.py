"""The harness's account of how summary sentences were made."""
from __future__ import annotations

from summarizer.evaluation.generation import generation_stats, markdown_rows
from summarizer.evaluation.systems import sentence_record
from summarizer.types import SourceRef, SummarySentence

SOURCE = SourceRef(doc=0, sentence=0, text="Putin met Kim at the Vostochny cosmodrome on Wednesday.")
OTHER = SourceRef(doc=1, sentence=2, text="The two leaders discussed satellites.")


def test_sentences_are_told_apart_as_rewrites_copies_fallbacks_and_extracts():
    rewrite = SummarySentence("Putin met Kim at the cosmodrome, and the two leaders discussed satellites.",
                              [SOURCE, OTHER], 2, drawn_from=[0, 1])
    copy = SummarySentence(SOURCE.text, [SOURCE], 1, drawn_from=[0])
    fallback = SummarySentence(SOURCE.text, [SOURCE], 1, flags=["fallback-extractive"], rejected=["cut-list"])
    extract = SummarySentence(SOURCE.text, [SOURCE], 1)
    kinds = [sentence_record(s)["kind"] for s in (rewrite, copy, fallback, extract)]
    assert kinds == ["rewrite", "copy", "fallback", "extract"]

    stats = generation_stats([{"sentences": [sentence_record(s) for s in (rewrite, copy, fallback)]}])
    assert stats["rewrite_share"] == round(1 / 3, 4) and stats["accepted_share"] == round(2 / 3, 4)
    assert stats["fallback_reasons"] == {"cut-list": 1}
    assert stats["rewrites_from_2plus_reports"] == 1.0
    rows = markdown_rows({"fusion": {"generation": stats}, "lead": {"generation": None}})
    assert any(row.startswith("| fusion | 3 | 33.3% | 33.3% | 33.3% | 100.0% | cut-list 1 |") for row in rows)


def test_systems_that_generate_nothing_get_no_account():
    assert generation_stats([{"sentences": [{"kind": "extract", "reports": 0, "rejected": []}]}]) is None
    assert generation_stats([{"summary": "a baseline"}]) is None
