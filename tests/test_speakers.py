"""A quotation alone in a summary gets the speaker its report names in the sentence before it."""
from types import SimpleNamespace

import pytest

from summarizer.engines.fusion import with_speaker
from summarizer.evaluation.systems import sentence_record
from summarizer.fusion.speakers import attributed, speaker_of
from summarizer.pipeline.select import Variant
from summarizer.types import Flag, Sentence, SourceRef, SummarySentence

# Multi-News val 2541-2580, read in session 23: two quotations copied with no speaker
BLUMENTHAL = ('it\'s "economics 101. Reducing supply with rising demand means increased prices, " blumenthal said '
              'in an interview.')
CONSUMERS = ('"consumers are suffering rising fares and other added charges that seem to be the result of excessive '
             'market power. "')


@pytest.mark.parametrize("text, previous, expected", [
    (CONSUMERS, BLUMENTHAL, '"consumers are suffering rising fares and other added charges that seem to be the result '
                            'of excessive market power," blumenthal said.'),
    ('"this was our call."', '"we made our best assessment based on the facts, " huber said.',
     '"this was our call," huber said.'),
    ('"this confirms that we can turn the tide. "', '"the scales are tipping, " said cdc director tom frieden.',
     '"this confirms that we can turn the tide," said cdc director tom frieden.'),
    ('"Can they do it?"', '"Not yet," he said.', '"Can they do it?" he said.'),
    # Multi-News val 2581-2620, read in session 23: a speaker named after the verb, with who she is after a comma
    ('"she is easier-going. It\'s refreshing that they bend a bit. "',
     '"it\'s her age, " says ingrid seward, author of a new biography of queen elizabeth.',
     '"she is easier-going. It\'s refreshing that they bend a bit," says ingrid seward.'),
    ('"volunteer work, knitting, improv comedy."', '"take up a new hobby in the new year, " suggested vanity fair '
     'writer maya kosoff.', '"volunteer work, knitting, improv comedy," suggested vanity fair writer maya kosoff.'),
    # the verbs of text.SAYING_VERBS ("conceded")
    ('"we will do better."', '"we got it wrong, " the mayor conceded.', '"we will do better," the mayor conceded.'),
])
def test_a_continued_quotation_takes_the_speaker_of_the_sentence_before(text, previous, expected):
    assert attributed(text, previous) == expected


@pytest.mark.parametrize("text, previous", [
    ('"this was our call."', "He said the decision was theirs."),          # no quotation closes before it
    ('"this was our call."', '"Yes, " huber said, "it is done."'),          # the quotation goes on after it
    ('"we are tired of waiting."', '"can we go in now? " asked the boy.'),  # a question's verb for a statement
    ('"this was our call," she added.', '"It is done, " huber said.'),     # it names its own speaker
    ('The board said "this was our call."', '"It is done, " huber said.'),  # not a quotation alone
    ('"this was" our "call."', '"It is done, " huber said.'),              # two quotations
    ('"this was our call."', '"It is done, " said on tuesday.'),            # no one named
    ('"this was our call."', None),
])
def test_nothing_is_added_without_a_whole_quotation_and_a_named_speaker_before_it(text, previous):
    assert attributed(text, previous) is None


def test_the_speaker_is_read_as_the_report_spells_it_without_when_it_was_said():
    assert speaker_of('"It is done, " said romney on tuesday.') == "said romney"
    assert speaker_of('"It is done, " sanford said.') == "sanford said"
    assert speaker_of('"It is done, " he told cnn in an interview on monday.') == "he told cnn"


def _cluster():
    sentences = [Sentence(0, 0, '"we made our best assessment, " huber said.', 0, 43),
                 Sentence(0, 1, '"this was our call. "', 44, 65),
                 Sentence(1, 0, "The board met on Monday.", 0, 24)]
    return SimpleNamespace(sentences=sentences)


def test_the_engine_cites_the_sentence_that_names_the_speaker_and_flags_it():
    cluster = _cluster()
    copy = SummarySentence(text='"this was our call."', sources=[SourceRef.of(cluster.sentences[1])], support=1,
                           drawn_from=[0])
    sentence, variant = with_speaker(cluster, copy, Variant(0, copy.text, 1))
    assert sentence.text == variant.text == '"this was our call," huber said.'
    assert [(r.doc, r.sentence) for r in sentence.sources] == [(0, 0), (0, 1)]
    assert Flag.SPEAKER_FROM_CONTEXT in sentence.flags
    # still a copy of its source for the harness's count: the quotation is word for word the report's
    assert sentence_record(sentence)["kind"] == "copy"


def test_a_sentence_with_no_speaker_before_it_is_left_as_it_is():
    cluster = _cluster()
    plain = SummarySentence(text="The board met on Monday.", sources=[SourceRef.of(cluster.sentences[2])])
    assert with_speaker(cluster, plain, Variant(1, plain.text, 2)) == (plain, Variant(1, plain.text, 2))
