"""Sentence splitting keeps exact character spans into the cleaned text."""
from summarizer.pipeline.segment import split_sentences
from summarizer.types import CleanDocument


def doc(text: str, index: int = 0) -> CleanDocument:
    return CleanDocument(index=index, name="d", text=text, raw=text)


def test_spans_point_at_the_sentence_text():
    text = ("Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome on Wednesday.  The two leaders "
            "talked for four hours, Russian media said.\n\nMr. Putin praised the U.S.-sanctioned regime's "
            "resilience in a speech. \"We will help them build satellites,\" he said.")
    sentences = split_sentences(doc(text, index=3))
    assert [s.text for s in sentences] == [
        "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome on Wednesday.",
        "The two leaders talked for four hours, Russian media said.",
        "Mr. Putin praised the U.S.-sanctioned regime's resilience in a speech.",
        "\"We will help them build satellites,\" he said.",
    ]
    for i, s in enumerate(sentences):
        assert text[s.start:s.end] == s.text
        assert (s.doc, s.index) == (3, i)


def test_a_headline_line_without_full_stop_stays_apart_from_the_body():
    text = "Putin and Kim meet at space base\nThe leaders of Russia and North Korea met on Wednesday in Amur."
    sentences = split_sentences(doc(text))
    assert [s.text for s in sentences] == ["Putin and Kim meet at space base",
                                           "The leaders of Russia and North Korea met on Wednesday in Amur."]


def test_tiny_fragments_are_skipped_and_indices_stay_consecutive():
    text = "Read more.\nAP\nThe summit lasted five hours and ended with a banquet.\n12:30\nKim left by train on Thursday morning."
    sentences = split_sentences(doc(text))
    assert [s.text for s in sentences] == ["The summit lasted five hours and ended with a banquet.",
                                           "Kim left by train on Thursday morning."]
    assert [s.index for s in sentences] == [0, 1]


def test_unicode_and_repeated_sentences_get_their_own_spans():
    text = "Le sommet a eu lieu à Vostotchny, dit-on là-bas. Le sommet a eu lieu à Vostotchny, dit-on là-bas."
    a, b = split_sentences(doc(text))
    assert a.text == b.text and a.start == 0 and b.start > a.end - 1
    assert text[b.start:b.end] == b.text


def test_lowercased_initials_do_not_end_a_sentence_and_dangling_quotes_are_trimmed():
    # Multi-News style: lowercased except sentence starts
    text = ('Since edward j. Snowden began releasing documents in june, the debate grew. "we rewrote '
            'the record, " says blakeslee. " rather than a cluster of villages, there was one town.')
    sentences = [s.text for s in split_sentences(doc(text))]
    assert sentences[0] == "Since edward j. Snowden began releasing documents in june, the debate grew."
    assert sentences[1] == '"we rewrote the record, " says blakeslee.'


def test_empty_text_gives_no_sentences():
    assert split_sentences(doc("")) == []
    assert split_sentences(doc("\n \n")) == []


def test_a_dateline_is_left_out_of_the_sentence_it_starts():
    text = ("WASHINGTON (AP) — The Senate passed the bill on Tuesday by a vote of 68 to 32.\n"
            "( associated press ) amman, jordan ( ap ) — jordan is willing to allow regular aid drops.\n"
            "DRAVIK, May 14 - Karvonia and Estmark on Tuesday signed an agreement to share the river.\n"
            "— conservative commentator Ann Coulter has turned down a compromise offer to speak.\n"
            "Advertisement Eden never imagined she would test positive when she delivered her baby.\n"
            "US officials said the talks - held in Geneva - went well for both of the sides.\n"
            "Older version of the story: George Stephanopoulos apologized on Thursday for the donations.\n"
            "Module body thu sep 16, 7: 37 am johannesburg ( afp ) - south african police are on the hunt for a man.\n"
            "New delhi, may 28: national level shooter ayisha falaq used her skills to rescue her brother-in-law.\n"
            "Kabul, afghanistan — the photograph of a young woman has prompted outrage in the country.\n"
            "Facebook Twitter Pinterest Uber said it continues to increase its security investments.\n"
            "Paris — an effort to broker a meeting between the two ministers failed on wednesday.\n"
            "Obama — who spoke first — said the two sides would meet again.")
    sentences = split_sentences(doc(text))
    assert [s.text for s in sentences] == [
        "The Senate passed the bill on Tuesday by a vote of 68 to 32.",
        "jordan is willing to allow regular aid drops.",
        "Karvonia and Estmark on Tuesday signed an agreement to share the river.",
        "conservative commentator Ann Coulter has turned down a compromise offer to speak.",
        "Eden never imagined she would test positive when she delivered her baby.",
        "US officials said the talks - held in Geneva - went well for both of the sides.",
        "George Stephanopoulos apologized on Thursday for the donations.",
        "south african police are on the hunt for a man.",
        "national level shooter ayisha falaq used her skills to rescue her brother-in-law.",
        "the photograph of a young woman has prompted outrage in the country.",
        "Uber said it continues to increase its security investments.",
        "an effort to broker a meeting between the two ministers failed on wednesday.",
        "Obama — who spoke first — said the two sides would meet again.",
    ]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_a_summary_sentence_starts_with_a_capital():
    from summarizer.text import sentence_case

    assert sentence_case("jordan is willing to allow aid drops.") == "Jordan is willing to allow aid drops."
    assert sentence_case("“We came here,” Putin said.") == "“We came here,” Putin said."


def test_a_quotation_ending_a_sentence_ends_it_though_the_next_is_lower_cased():
    # Multi-News lower-cases the sentence after a quotation; the two must not run together in a summary
    text = ('Karen bobo said the decision was made for the " future of [ their ] family. " when addressing '
            'zach adams, she called him an " animal " and asked that he look at her.')
    assert [s.text for s in split_sentences(doc(text))] == [
        'Karen bobo said the decision was made for the " future of [ their ] family. "',
        'when addressing zach adams, she called him an " animal " and asked that he look at her.']
    text = 'Another called the race "tight as a tick. " "i \' m hopeful, " said former rep. Bill paxon.'
    assert [s.text for s in split_sentences(doc(text))] == [
        'Another called the race "tight as a tick. "', '"i \' m hopeful, " said former rep. Bill paxon.']


def test_a_quoted_question_stays_with_its_speaker_and_an_abbreviation_ends_nothing():
    for text in ('" did he have a debt about the house? " clinton asked the panel.',
                 'Officials said the " u.s. " delegation would arrive on monday.'):
        assert [s.text for s in split_sentences(doc(text))] == [text]


def test_a_closing_quote_stays_with_its_sentence_and_an_opening_one_goes_to_the_next():
    text = 'He said " the war is over. " He left the room at once. " we won, " she said to the crowd.'
    assert [s.text for s in split_sentences(doc(text))] == [
        'He said " the war is over. "', 'He left the room at once.', '" we won, " she said to the crowd.']


def test_a_title_sentencex_does_not_know_ends_nothing():
    text = "Police announced the arrest of Ms. Graswald on a charge of murder. Atty. Jones said she would appeal."
    assert [s.text for s in split_sentences(doc(text))] == [
        "Police announced the arrest of Ms. Graswald on a charge of murder.", "Atty. Jones said she would appeal."]


def test_a_name_ending_in_jr_goes_on_with_its_sentence():
    # Multi-News capitalises every word after a full stop: "jr. Had" is not a new sentence, "jr. The" may be
    text = ("Roger l. Gilbert jr. Had been a volunteer fireman for years. The meeting was set up by rob goldstone, who "
            "told donald trump jr. In an email that she had information. Martin Luther King Jr. The holiday is Monday.")
    assert [s.text for s in split_sentences(doc(text))] == [
        "Roger l. Gilbert jr. Had been a volunteer fireman for years.",
        "The meeting was set up by rob goldstone, who told donald trump jr. In an email that she had information.",
        "Martin Luther King Jr.", "The holiday is Monday."]


def test_a_clock_time_keeps_its_day_and_zone():
    # sentencex ends a sentence at "p.m." before a capital; AP style puts the day or zone right after it
    text = ("Police said he was shot at 7 p.m. Sunday near his home. The launch is at 4:12 a.m. EST on "
            "Thursday. It was after 7 a.m. The police came soon after.")
    assert [s.text for s in split_sentences(doc(text))] == [
        "Police said he was shot at 7 p.m. Sunday near his home.", "The launch is at 4:12 a.m. EST on Thursday.",
        "It was after 7 a.m.", "The police came soon after."]
