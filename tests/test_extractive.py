"""The extractive and lead engines on the seed cluster and on small made-up clusters."""
import pytest

from summarizer.engines import build_engine
from summarizer.pipeline.prepare import prepare
from summarizer.types import Document

REPORTS = [
    "Kim Jong Un arrived in Russia on Tuesday aboard his armoured train. Kim met Vladimir Putin at the "
    "Vostochny Cosmodrome on Wednesday. The talks lasted about four hours, officials said.",
    "Vladimir Putin met Kim Jong Un at the Vostochny space centre on Wednesday. The two leaders "
    "discussed military cooperation and satellites. Washington warned against any arms deal.",
    "North Korea fired two ballistic missiles into the sea shortly before the summit began. Kim Jong "
    "Un met Vladimir Putin at the Vostochny Cosmodrome on Wednesday, state media reported.",
]


@pytest.fixture(scope="module")
def small_cluster(embedder):
    return prepare([Document(t, f"r{i}") for i, t in enumerate(REPORTS)], embedder)


@pytest.fixture(scope="module")
def seed_cluster(embedder, seed_paths):
    return prepare([Document(p.read_text(encoding="utf-8"), p.name) for p in seed_paths], embedder)


def words(sentences) -> int:
    return sum(len(s.text.split()) for s in sentences)


def test_extractive_says_the_shared_fact_once_and_cites_every_report_of_it(small_cluster):
    out = build_engine("extractive").summarize(small_cluster, max_words=60)
    texts = [s.text for s in out.sentences]
    meeting = [s for s in out.sentences if "Vostochny" in s.text]
    assert len(meeting) == 1, texts                  # three reports, one sentence
    assert meeting[0].support == 3
    assert sorted(r.doc for r in meeting[0].sources) == [0, 1, 2]
    assert words(out.sentences) <= 60


@pytest.mark.slow
def test_seed_summary_cites_real_input_sentences_within_budget(seed_cluster):
    engine = build_engine("extractive")
    assert (engine.name, engine.model_id) == ("extractive", None)
    out = engine.summarize(seed_cluster, max_words=120)
    assert out.sentences and words(out.sentences) <= 120
    docs = {d.index: d for d in seed_cluster.documents}
    for s in out.sentences:
        assert s.sources and s.support == len({r.doc for r in s.sources})
        assert any(r.text == s.text for r in s.sources)          # extractive: verbatim
        for r in s.sources:
            assert docs[r.doc].text[r.start:r.end] == r.text
    assert len({s.text for s in out.sentences}) == len(out.sentences)


def test_tiny_budget_gives_one_cut_sentence_with_a_warning(small_cluster):
    out = build_engine("extractive").summarize(small_cluster, max_words=3)
    assert len(out.sentences) == 1 and "truncated" in out.sentences[0].flags
    assert len(out.sentences[0].text.split()) <= 4 and out.warnings


def test_lead_takes_the_first_report_in_order(small_cluster):
    out = build_engine("lead").summarize(small_cluster, max_words=25)
    assert [s.text for s in out.sentences] == [
        "Kim Jong Un arrived in Russia on Tuesday aboard his armoured train.",
        "Kim met Vladimir Putin at the Vostochny Cosmodrome on Wednesday."]
    assert all(len(s.sources) == 1 and s.sources[0].doc == 0 for s in out.sentences)


def test_round_robin_lead_takes_each_report_in_turn(small_cluster):
    engine = build_engine("lead-rr")
    out = engine.summarize(small_cluster, max_words=40)
    assert engine.name == "lead-rr"
    assert [s.sources[0].doc for s in out.sentences] == [0, 1, 2]
    assert words(out.sentences) <= 40
