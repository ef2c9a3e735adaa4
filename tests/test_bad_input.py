"""Awkward clusters end in a sensible summary or a clear error, never a traceback."""
from __future__ import annotations

import pytest

from summarizer import Document, InputError

REPORT_A = ("Flooding closed the main highway north of Valdora on Tuesday, officials said. "
            "About 1,200 residents were moved to shelters overnight. "
            "The regional governor said repairs would take at least two weeks.")
REPORT_B = ("Officials closed the highway north of Valdora on Tuesday because of floods. "
            "Some 1,200 people spent the night in shelters. "
            "Engineers will inspect three bridges before traffic resumes.")


def test_single_document_gives_a_summary_with_support_one(extractive):
    summary = extractive.summarize([REPORT_A], max_words=40)
    assert summary.sentences and all(s.support == 1 for s in summary.sentences)
    assert all(src.doc == 0 for s in summary.sentences for src in s.sources)


def test_identical_documents_collapse_with_a_note(extractive):
    summary = extractive.summarize([REPORT_A, REPORT_A, REPORT_B], max_words=40)
    assert any("duplicate" in w.lower() for w in summary.warnings), summary.warnings
    assert summary.summary


def test_shared_facts_get_support_from_both_reports(extractive):
    summary = extractive.summarize([REPORT_A, REPORT_B], max_words=60)
    assert max(s.support for s in summary.sentences) == 2


def test_empty_input_is_a_clear_error(extractive):
    with pytest.raises(InputError):
        extractive.summarize([])
    with pytest.raises(InputError):
        extractive.summarize(["   ", "\n\n"])


def test_budget_is_respected(extractive):
    summary = extractive.summarize([REPORT_A, REPORT_B], max_words=25)
    assert len(summary.summary.split()) <= 25


@pytest.mark.slow
def test_one_hundred_documents(extractive):
    docs = [f"Report {i}: the storm hit district {i} on Friday and damaged {i + 3} houses, "
            f"local officials in district {i} said. Crews restored power to {10 * i} homes by evening."
            for i in range(100)]
    summary = extractive.summarize(docs, max_words=80)
    assert summary.sentences and len(summary.summary.split()) <= 80
    assert {s.doc for s in summary.sentences for s in s.sources} <= set(range(100))


@pytest.mark.slow
def test_five_megabyte_document_is_cut_with_a_warning(extractive):
    sentence = "The committee met again on Thursday to review the harbour expansion plans. "
    huge = sentence * (5_000_000 // len(sentence))
    summary = extractive.summarize([huge, REPORT_A], max_words=60)
    assert summary.summary
    assert any("characters" in w or "cut" in w or "truncat" in w for w in summary.warnings), summary.warnings


def test_non_english_report_passes_through(extractive):
    german = ("Die Überschwemmung hat am Dienstag die Autobahn nördlich von Valdora gesperrt. "
              "Rund 1.200 Bewohner wurden in Notunterkünfte gebracht. "
              "Der Gouverneur sagte, die Reparaturen würden mindestens zwei Wochen dauern.")
    summary = extractive.summarize([Document(german, "bericht.txt"), REPORT_A], max_words=60)
    assert summary.summary


def test_html_pasted_as_text_is_not_shown_as_markup(extractive):
    html = ("<html><body><nav>Home | World | Sport</nav><article><p>" + REPORT_A +
            "</p></article><footer>© 2026 Example News. All rights reserved.</footer></body></html>")
    summary = extractive.summarize([html, REPORT_B], max_words=60)
    assert "<p>" not in summary.summary and "All rights reserved" not in summary.summary


def test_summary_serialises_to_json(extractive):
    import json

    data = json.loads(extractive.summarize([REPORT_A, REPORT_B]).to_json())
    assert data["engine"] == "extractive" and data["sentences"][0]["sources"]
