"""Loaded terms outside quotations, the shipped lexicon and its neutral alternatives."""
from __future__ import annotations

import pytest

from summarizer.neutral.terms import (
    find_loaded_terms,
    load_lexicon,
    load_lexicon_entries,
    neutralize,
    quoted_spans,
    surface_forms,
)


def surfaces(text, lexicon=None):
    return [text[t.start:t.end] for t in find_loaded_terms(text, lexicon)]


def test_tyrant_flagged_outside_quotes_but_not_inside():
    text = 'The tyrant arrived. Critics called him a "tyrant" and a “despot”.'
    found = find_loaded_terms(text)
    assert [(t.term, text[t.start:t.end]) for t in found] == [("tyrant", "tyrant")]
    assert found[0].start == 4 and found[0].replacement == "leader"


@pytest.mark.parametrize("text", [
    "He opposed the 'evil' plan.",
    "She spoke of a ‘sacred’ battle.",
    "Kim vowed to fight a “sacred” battle.",
    "« tyrant » was the word used.",
])
def test_single_and_curly_quotes_protect_their_words(text):
    assert surfaces(text) == []


def test_apostrophes_do_not_open_quotations():
    text = "The regime's leaders' summit didn't end; the tyrant's lavish dinner did."
    assert surfaces(text) == ["regime", "tyrant", "lavish"]
    assert quoted_spans(text) == []


def test_unclosed_quote_runs_to_end_of_paragraph_only():
    text = '"The tyrant must go, he said.\n\nThe despot left.'
    assert surfaces(text) == ["despot"]


def test_stray_straight_quote_spoils_only_its_own_paragraph():
    text = 'He is 6" tall and a tyrant.\n\nThe despot "left" early.'
    assert surfaces(text) == ["despot"]


def test_hard_wrapped_quote_spans_line_breaks():
    text = 'Critics said "the tyrant\nmust go" today.\n\nThe despot stayed.'
    assert surfaces(text) == ["despot"]


def test_inflections_case_and_phrases_with_inflected_alternatives():
    text = ("Tyrants SLAMMED the so called plan; he slams it, decried the regime change "
            "and bullied rivals as prices skyrocketed.")
    found = {text[t.start:t.end]: t.replacement for t in find_loaded_terms(text)}
    assert found == {
        "Tyrants": "Leaders",
        "SLAMMED": "CRITICISED",
        "so called": "named",
        "slams": "criticises",
        "decried": "criticised",
        "regime change": "change of government",  # the longer phrase wins over "regime"
        "bullied": "pressured",
        "skyrocketed": "rose sharply",
    }


def test_hyphenated_entries_match_with_or_without_hyphen_and_inflect():
    assert surfaces("The flip-flopped policy, a so called deal, witch-hunts, cozying up.") == [
        "flip-flopped", "so called", "witch-hunts", "cozying up"]


def test_whole_words_only():
    assert surfaces("Mobile users in Regimen trials were unmobbed.") == []


def test_neutralize_replaces_outside_quotes_only():
    text = 'The bombastic despot blasted "evil" critics.'
    assert neutralize(text) == 'The forceful leader criticised "evil" critics.'


def test_custom_lexicon_and_file(tmp_path):
    path = tmp_path / "terms.tsv"
    path.write_text("term\tneutral\tcategory\nfoo bar\tbaz\ttest\n", encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon == {"foo bar": "baz"}
    assert surfaces("A Foo  bar here, not 'foo bar'.", lexicon) == ["Foo  bar"]


def test_lexicon_has_150_entries_with_real_alternatives():
    lexicon = load_lexicon()
    assert len(lexicon) >= 150
    for term, neutral in lexicon.items():
        assert neutral.strip(), term
        assert neutral.lower() != term, term
    for needed in ("tyrant", "despot", "regime", "bombastic", "slam", "blasted", "so-called",
                   "cronies", "thug", "mob", "lavish", "radical"):
        assert needed in lexicon


def test_alternatives_are_not_loaded_themselves():
    lexicon = load_lexicon()
    loaded = {term: [t.term for t in find_loaded_terms(neutral, lexicon)] for term, neutral in lexicon.items()}
    assert {term: hits for term, hits in loaded.items() if hits} == {}


def test_every_entry_has_a_known_category():
    categories = {e.category for e in load_lexicon_entries()}
    assert categories <= {"insult", "scare_label", "loaded_verb", "loaded_speech", "exaggeration",
                          "loaded_adjective", "loaded_noun"}


def test_every_entry_is_found_in_running_text():
    lexicon = load_lexicon()
    missed = [term for term in lexicon if surfaces(f"They saw {term} today.", lexicon) != [term]]
    assert missed == []


def test_surface_forms_keep_exact_entries():
    forms = surface_forms()
    assert forms["blasted"] == ("blasted", "")
    assert forms["tyrants"] == ("tyrant", "s")
    assert "blast" not in forms  # the innocent noun ("bomb blast") is not flagged


def test_seed_report_flags_unquoted_labels_only(seed_paths):
    text = next(p for p in seed_paths if p.name.startswith("004")).read_text(encoding="utf-8")
    found = surfaces(text)
    assert "tyrants" in found and "despot" in found
    assert "sacred" not in [f.lower() for f in found]  # written as “sacred” in the report
