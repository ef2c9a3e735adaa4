"""Neutrality, faithfulness and style metrics as a report reader sees them."""
from __future__ import annotations

import pytest

from summarizer.evaluation.metrics import faithfulness as faith
from summarizer.evaluation.metrics import neutrality, style

# valence, arousal, dominance (0..1, NRC-VAD v1 layout: no header)
TINY_VAD = """tyrant\t0.115\t0.850\t0.683
brutal\t0.080\t0.900\t0.600
lavish\t0.800\t0.600\t0.500
leader\t0.833\t0.582\t0.926
summit\t0.700\t0.500\t0.700
table\t0.500\t0.200\t0.400
"""


@pytest.fixture
def vad_file(tmp_path):
    path = tmp_path / "NRC-VAD-Lexicon.txt"
    path.write_text(TINY_VAD, encoding="utf-8")
    return path


# ---------------------------------------------------------------- neutrality

def test_arousal_counts_only_emotive_words_absent_from_reference(vad_file):
    scores = neutrality.framing_bias("The brutal tyrants held a lavish summit at a table.",
                                     ["The leader held a summit."], nrc_vad=vad_file)
    assert scores["status"] == "ok"
    # "tyrants" is lemmatised to "tyrant"; "summit" is in the reference; "table" is mid-valence
    assert scores["negative_words"] == ["brutal", "tyrant"]
    assert scores["positive_words"] == ["lavish"]
    assert scores["arousal_neg"] == pytest.approx(0.900 + 0.850)
    assert scores["arousal_pos"] == pytest.approx(0.600)


def test_neutral_summary_scores_lower_than_loaded_one(vad_file):
    reference = ["The leader held a summit."]
    loaded = neutrality.framing_bias("The brutal tyrant held a lavish summit.", reference, nrc_vad=vad_file)
    plain = neutrality.framing_bias("The leader held a summit.", reference, nrc_vad=vad_file)
    assert plain["arousal_pos"] == plain["arousal_neg"] == 0
    assert loaded["arousal_neg"] > plain["arousal_neg"] and loaded["arousal_pos"] > plain["arousal_pos"]


def test_word_in_any_reference_is_not_new(vad_file):
    scores = neutrality.framing_bias("The tyrant spoke.", ["A leader spoke.", "A tyrant spoke."], nrc_vad=vad_file)
    assert scores["arousal_neg"] == 0


def test_lexicon_path_from_environment_and_folder(vad_file, monkeypatch):
    monkeypatch.setenv(neutrality.ENV_VAR, str(vad_file.parent))  # a folder holding the file
    assert neutrality.framing_bias("A tyrant.", ["A leader."])["arousal_neg"] == pytest.approx(0.85)


def test_version2_scores_in_minus_one_to_one_are_rescaled(tmp_path):
    path = tmp_path / "v2.txt"
    path.write_text("term\tvalence\tarousal\tdominance\ntyrant\t-0.8\t0.7\t0.3\n", encoding="utf-8")
    scores = neutrality.framing_bias("A tyrant.", ["A leader."], nrc_vad=path)
    assert scores["negative_words"] == ["tyrant"]
    assert scores["arousal_neg"] == pytest.approx(0.85)


def test_missing_lexicon_is_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.delenv(neutrality.ENV_VAR, raising=False)
    missing = tmp_path / "nowhere" / "NRC-VAD-Lexicon.txt"
    scores = neutrality.framing_bias("The tyrant spoke.", ["The leader spoke."], nrc_vad=missing)
    assert scores["arousal_pos"] is None and scores["arousal_neg"] is None
    assert scores["status"].startswith("unavailable") and str(missing) in scores["status"]
    batch = neutrality.neutrality_scores(["The tyrant spoke."], [["The leader spoke."]], nrc_vad=missing)
    assert batch["status"] == "ok" and batch["arousal_status"].startswith("unavailable")
    assert batch["items"][0]["loaded_terms"] == 1  # the project's own lexicon still works


def test_loaded_term_rate_ignores_quotations():
    scores = neutrality.loaded_term_rate('The despot met critics who said "tyrant" twice.')
    assert scores["loaded_terms"] == 1 and scores["loaded_found"] == ["despot"]
    assert scores["loaded_per_100w"] == pytest.approx(100 / 8)
    assert neutrality.loaded_term_rate("")["loaded_per_100w"] == 0


def test_real_nrc_vad_when_present():
    path = neutrality.resolve_nrc_vad(neutrality.DEFAULT_NRC_VAD)
    if not path.is_file():
        pytest.skip(f"NRC-VAD not found at {path}")
    scores = neutrality.framing_bias("The tyrant slammed the summit.", ["The leader criticised the summit."],
                                     nrc_vad=path)
    assert "tyrant" in scores["negative_words"] and scores["arousal_neg"] > 0.5


# ---------------------------------------------------------------- faithfulness

SOURCES = [
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un at the Vostochny "
    "Cosmodrome on Wednesday. The talks lasted five hours. About 32,000 people watched.",
    'kim arrived by armoured train. he called it a "new era of friendship".',
]


def test_supported_summary_is_fully_faithful():
    summary = ('Putin met Kim Jong Un at the Vostochny Cosmodrome for five hours, watched by '
               '32 thousand people. Kim spoke of a “new era of friendship”.')
    scores = faith.faithfulness(summary, SOURCES)
    assert scores["unsupported"] == []
    assert scores["names_total"] >= 3 and scores["numbers_found"] == 2 and scores["quotes_found"] == 1
    assert scores["faithfulness"] == 1.0


def test_invented_number_name_and_quote_are_flagged():
    summary = ("Putin met Kim Jong Un for seven hours. Joe Biden said 45 people watched. "
               'Kim promised "a lasting peace".')
    scores = faith.faithfulness(summary, SOURCES)
    unsupported = {(u["type"], u["text"]) for u in scores["unsupported"]}
    assert unsupported == {("numbers", "seven"), ("numbers", "45"), ("names", "Joe Biden"),
                           ("quotes", "a lasting peace")}
    assert scores["numbers_support"] == 0 and scores["quotes_support"] == 0
    assert 0 < scores["faithfulness"] < 1


def test_quotation_cut_with_ellipsis_is_checked_piece_by_piece():
    assert faith.faithfulness('Putin met "North Korean ... Kim Jong Un".', SOURCES)["quotes_found"] == 1
    assert faith.faithfulness('Putin met "North Korean ... Kim Il Sung".', SOURCES)["quotes_found"] == 0


def test_a_quotation_is_found_in_a_source_that_writes_its_ampersand_as_an_entity():
    sources = ['The governor showed " heart &amp; compassion " by signing the bill, Gaetz said.']
    assert faith.faithfulness('Gaetz said the governor showed "heart & compassion".', sources)["quotes_found"] == 1


def test_numbers_compare_by_value():
    values = {surface: value for surface, value, _ in faith.extract_numbers(
        "32,000 fans, 3.5% growth, thirty-two cars, two hundred guests, a dozen eggs, $2bn, one day")}
    assert values == {"32,000": 32000, "3.5%": 3.5, "thirty-two": 32, "two hundred": 200,
                      "a dozen": 12, "2bn": 2e9}


def test_sentence_openers_are_not_names_but_names_at_sentence_start_are():
    names = faith.extract_names("Troops left. Officials said so. Putin spoke. Later, the Bank of England cut rates.")
    assert "Putin" in names and "Bank of England" in names
    assert not {"Officials", "Later", "Troops"} & set(names)


def test_nothing_checkable_gives_none_not_zero():
    scores = faith.faithfulness("the talks ended.", SOURCES)
    assert scores["faithfulness"] is None and scores["numbers_support"] is None


# ---------------------------------------------------------------- style

def test_extractive_summary_has_no_novel_ngrams_and_abstractive_has_some():
    extractive = style.style("The talks lasted five hours.", SOURCES)
    abstractive = style.style("The leaders talked for an entire afternoon.", SOURCES)
    assert extractive["novel_1gram"] == extractive["novel_3gram"] == 0
    assert abstractive["novel_1gram"] > 0.5 and abstractive["novel_3gram"] == 1


def test_repetition_and_length():
    scores = style.style("The talks ended. The talks ended.", SOURCES)
    # 3-grams: the talks ended / talks ended the / ended the talks / the talks ended (a repeat)
    assert scores["repeated_3gram"] == pytest.approx(1 / 4)
    assert scores["repeated_1gram"] == pytest.approx(3 / 6)
    assert scores["words"] == 6 and scores["sentences"] == 2
    assert style.style("One line\nSecond line", SOURCES)["sentences"] == 2
    assert style.style("", SOURCES) == {**{f"novel_{n}gram": None for n in (1, 2, 3)},
                                        **{f"repeated_{n}gram": None for n in (1, 2, 3)},
                                        "words": 0, "sentences": 0}


def test_batch_functions_match_per_summary_ones(vad_file):
    summaries, sources, refs = ["The tyrant spoke for five hours."], [SOURCES], [["The leader spoke."]]
    assert style.style_scores(summaries, sources)["items"][0] == style.style(summaries[0], SOURCES)
    assert faith.faithfulness_scores(summaries, sources)["items"][0] == faith.faithfulness(summaries[0], SOURCES)
    item = neutrality.neutrality_scores(summaries, refs, nrc_vad=vad_file)["items"][0]
    assert item["arousal_neg"] == pytest.approx(0.85) and item["loaded_terms"] == 1
