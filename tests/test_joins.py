"""Joins across reports: a name's appositive from another report, added where the summary first gives the name."""
from __future__ import annotations

from summarizer.engines.fusion import first_mentions_only, with_wording_cited
from summarizer.fusion.joins import appositive_joins, appositives
from summarizer.types import SummarySentence

CEO = "Jane Doe, the company's chief executive, confirmed the closure on Monday."


def test_a_name_gets_the_other_reports_description_in_place():
    assert appositive_joins("Jane Doe said the plant would close.", [CEO]) == [
        ("Jane Doe, the company's chief executive, said the plant would close.", 0, "jane doe")]
    # at the end of the sentence the appositive closes it, without a second comma
    assert appositive_joins("The plant will close, said Jane Doe.", [CEO])[0][0] == \
        "The plant will close, said Jane Doe, the company's chief executive."


def test_an_age_is_a_description():
    joined = appositive_joins("Police said Mark Meechan filmed the dog.", ["Mark Meechan, 30, was fined."])
    assert [text for text, _, _ in joined] == ["Police said Mark Meechan, 30, filmed the dog."]


def test_no_join_where_it_could_describe_someone_else_or_say_nothing_new():
    # a title before the name: "Mayor Jane Doe" may not be the donor's Jane Doe, and has a description
    assert appositive_joins("Mayor Jane Doe said the plant would close.", [CEO]) == []
    # something set off after the name already, or a bracket closing on it
    assert appositive_joins("Jane Doe, 54, said the plant would close.", [CEO]) == []
    assert appositive_joins("The firm (run by Jane Doe) will close.", [CEO]) == []
    # a list of names is no appositive
    assert appositive_joins("John Smith left early.", ["Police named John Smith, Mary Jones and Bob Lee."]) == []
    # a report cut off inside the appositive: "a space" is no description
    assert appositive_joins("Liu xiaoqun was quoted as saying so.", ["Liu xiaoqun, a space"]) == []
    # a title before the name describes it already ("Trump aide Peter Navarro")
    assert appositive_joins("Trump aide Peter Navarro warned of deaths.",
                            ["Peter Navarro, the president's trade adviser, warned the administration."]) == []
    # a name that modifies a noun takes no appositive ("a williams, a town of 2,200 people, property")
    assert appositive_joins("Officers cleared a williams property filled with traps.",
                            ["The home in williams, a town of 2,200 people in josephine county, was raided."]) == []
    # where someone stands in a photo says nothing about them
    assert appositives("Bob Mcdonnell, center, walks by reporters.") == []
    # nothing the base sentence lacks
    assert appositive_joins("Jane Doe, the chief executive said the company's plant would close.", [CEO]) == []
    # no name in common
    assert appositive_joins("The plant will close.", [CEO]) == []


def test_a_name_is_described_only_where_the_summary_first_gives_it():
    sentences = [SummarySentence("Jane Doe said the plant would close."),
                 SummarySentence("Jane Doe, the company's chief executive, said the plant would close."),
                 SummarySentence("Workers met Jane Doe on Friday."),
                 SummarySentence("Workers met Jane Doe, the company's chief executive, on Friday.")]
    joins = {1: (0, "jane doe"), 3: (2, "jane doe")}
    assert first_mentions_only([1, 3], sentences, joins) == [1, 2]
    assert first_mentions_only([0, 3], sentences, joins) == [0, 2]
    assert first_mentions_only([3], sentences, joins) == [3]


def test_a_rewrite_cites_each_report_whose_words_it_uses():
    from summarizer.types import Sentence, SourceRef

    anchor = Sentence(text="The UN says people are dying of starvation.", doc=0, index=4, start=0, end=43)
    other = Sentence(text="Activists have reported several deaths.", doc=2, index=1, start=0, end=39)
    cited = [SourceRef.of(anchor)]
    sources, support = with_wording_cited(cited, [anchor, other])
    assert [(r.doc, r.sentence) for r in sources] == [(0, 4), (2, 1)] and support == 2
    assert with_wording_cited(cited, [anchor]) == (cited, 1)
