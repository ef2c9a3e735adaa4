"""The mined imperative openers: what the miner counts as an imperative, and the shipped list's shape."""
import pytest

from summarizer.pipeline.imperatives import OPENERS, commands_reader, first_word, openers


def test_the_shipped_list_holds_only_words_the_run_time_test_can_meet():
    words = openers()
    assert OPENERS.exists() and len(words) >= 10
    assert {"click", "imagine"} <= words
    # a listed word the prefilter would never return could never flag a sentence
    assert all(first_word(f"{w.capitalize()} the thing below.") == w for w in words)


@pytest.mark.parametrize("text, word", [
    ("Click here to see the cities where the most people smoke.", "click"),
    ('"Click here," the page said.', None),          # inside a quotation
    ("The council voted on Monday.", None),           # a function word
    ("Officials said the road was closed.", None),    # a plural or a third person's verb
    ("Trump's lawyers filed the motion.", None),      # a possessive
    ("Buy-in from democrats illustrates support.", None),   # a compound's first part
])
def test_first_word_is_given_only_where_a_verbs_base_form_could_stand(text, word):
    assert first_word(text) == word


def test_a_named_speaker_keeps_a_sentence_that_opens_on_a_listed_word():
    assert commands_reader("Imagine a city with no cars at all by 2030.")
    assert not commands_reader("Imagine a city with no cars at all by 2030, the mayor said.")


def test_the_miner_tells_an_imperative_from_a_sentence_with_a_subject():
    from summarizer.fusion.alignment import dependency_parser
    from summarizer.training.imperatives import is_imperative

    nlp = dependency_parser()
    assert is_imperative(nlp("Click on each dish name to get the recipe."))
    assert not is_imperative(nlp("Police clicked through the photos for hours."))
    assert not is_imperative(nlp("Check fraud rose by a third last year, the bank said."))
