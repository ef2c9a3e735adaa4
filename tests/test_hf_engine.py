"""The `hf` engine for real, on tiny random-weight models built from the real configs and
tokenizers of bart-large-cnn, t5-small and flan-t5-large (see tests/hf_models.py)."""
from __future__ import annotations

import pytest
from hf_models import duc_texts, make_cluster  # the tiny-model fixtures come through conftest.py

from summarizer.engines.hf import HFEngine, fit_words
from summarizer.errors import ModelError

REPORTS = [
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un at the Vostochny "
    "cosmodrome on Wednesday. The talks lasted about five hours, officials said.",
    "Kim Jong Un arrived in Russia by armoured train for a summit with Vladimir Putin. "
    "The two leaders toured a rocket launch site before their talks.",
    "Putin and Kim held a summit in Russia's Far East. Washington warned against any arms deal "
    "between the two countries.",
]


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread():
    """Two cores shared by many processes: one thread is several times faster than two here."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def bart(tiny_bart, hashing_embedder):
    return HFEngine(model=str(tiny_bart), embedder=hashing_embedder, num_beams=2)


@pytest.fixture(scope="module")
def t5(tiny_t5, hashing_embedder):
    return HFEngine(model=str(tiny_t5), embedder=hashing_embedder, num_beams=1)


def _contains(haystack: list[int], needle: list[int]) -> bool:
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def test_packing_keeps_every_document_with_separators_inside_the_input(bart):
    packed, warnings = bart.pack_documents(REPORTS)
    assert warnings == []
    assert len(packed.ids) <= bart.max_input == 1024
    assert bart.separator == "\n\n"                      # BART's byte-level BPE keeps blank lines
    assert len(packed.separator_positions) == len(REPORTS) - 1
    for text in REPORTS:                                  # every document, whole, in the input
        assert _contains(packed.ids, bart.tokenizer.encode(text, add_special_tokens=False))
    assert packed.ids[0] == bart.tokenizer.bos_token_id and packed.ids[-1] == bart.tokenizer.eos_token_id


@pytest.mark.parametrize("fixture", ["tiny_t5", "tiny_flan_t5"])
def test_t5_input_starts_with_the_summarize_prefix(fixture, request, hashing_embedder):
    engine = HFEngine(model=str(request.getfixturevalue(fixture)), embedder=hashing_embedder, num_beams=1)
    packed, _ = engine.pack_documents(REPORTS)
    assert engine.tokenizer.decode(packed.ids).startswith("summarize: ")
    assert engine.max_input == 512
    # T5's SentencePiece drops newlines, so the Multi-News separator is used instead
    assert engine.separator == " ||||| "
    assert engine.tokenizer.decode(packed.ids).count("|||||") == len(REPORTS) - 1
    assert packed.ids[-1] == engine.tokenizer.eos_token_id


def test_a_document_too_long_is_cut_fairly_and_the_cut_is_reported(bart):
    long_report = " ".join(REPORTS[0] for _ in range(40))        # ~1300 tokens: over 1024 alone
    packed, warnings = bart.pack_documents([REPORTS[1], long_report, REPORTS[2]])
    assert len(packed.ids) <= bart.max_input
    assert len(warnings) == 1 and "truncated 1 of 3 documents" in warnings[0]
    assert "not read" in warnings[0]
    # the short documents, before and after the long one, are still read in full
    for text in (REPORTS[1], REPORTS[2]):
        assert _contains(packed.ids, bart.tokenizer.encode(text, add_special_tokens=False))


def test_summarize_reports_a_truncation(bart):
    # a little over the input (< 20% over): one pass over fairly cut documents, not map-reduce
    per_copy = len(bart.tokenizer.encode(" " + REPORTS[0], add_special_tokens=False))
    long_report = " ".join(REPORTS[0] for _ in range(1100 // per_copy))
    out = bart.summarize(make_cluster([long_report, REPORTS[1]]), max_words=12)
    assert any("truncated 1 of 2 documents" in w for w in out.warnings)
    assert not any("map-reduce" in w for w in out.warnings)
    assert out.sentences


def test_decoding_gives_text_cut_to_max_words_with_sources(bart):
    out = bart.summarize(make_cluster(REPORTS), max_words=8)
    text = " ".join(s.text for s in out.sentences)
    assert text.strip()
    assert len(text.split()) <= 8
    assert any("max_words=8" in w for w in out.warnings)   # random weights ramble: the cut is reported
    for sentence in out.sentences:
        assert sentence.sources, "every generated sentence cites at least one source sentence"
        assert all(0 <= ref.doc < len(REPORTS) for ref in sentence.sources)


def test_summarizer_output_names_the_engine_and_model(tiny_bart, hashing_embedder):
    from summarizer import Summarizer

    summarizer = Summarizer(engine="hf", model=str(tiny_bart), embedder=hashing_embedder, num_beams=1)
    summary = summarizer.summarize(REPORTS, max_words=10)
    assert summary.summary.strip()
    assert summary.engine == "hf" and summary.model == str(tiny_bart)
    data = summary.to_dict()
    assert data["engine"] == "hf" and data["model"] == str(tiny_bart)
    assert all(s["sources"] for s in data["sentences"])


def test_led_gets_global_attention_on_the_first_token_and_separators(tiny_led, hashing_embedder):
    engine = HFEngine(model=str(tiny_led), embedder=hashing_embedder, num_beams=1)
    assert engine.separator == "<doc-sep>" and engine.global_attention
    assert engine.max_input == 2048
    seen = {}
    original = engine.model.generate

    def spy(**kwargs):
        seen.update(kwargs)
        return original(**kwargs)

    engine.model.generate = spy
    out = engine.summarize(make_cluster(REPORTS), max_words=10)
    assert out.sentences
    ids = seen["input_ids"][0].tolist()
    glob = seen["global_attention_mask"][0].tolist()
    sep_id = engine.separator_ids[0]
    expected = [0] + [i for i, t in enumerate(ids) if t == sep_id]
    assert len(expected) == len(REPORTS)                       # first token + 2 separators
    assert [i for i, g in enumerate(glob) if g] == expected


@pytest.mark.slow
def test_map_reduce_reads_a_whole_duc_cluster(tiny_bart, hashing_embedder):
    texts = duc_texts("D0601A")
    assert sum(len(t.split()) for t in texts) > 10_000
    greedy = HFEngine(model=str(tiny_bart), embedder=hashing_embedder, num_beams=1)
    out = greedy.summarize(make_cluster(texts), max_words=10)
    assert any(w.startswith("map-reduce") and "compressed" in w for w in out.warnings)
    assert out.sentences and " ".join(s.text for s in out.sentences).strip()
    assert len(" ".join(s.text for s in out.sentences).split()) <= 10


@pytest.mark.slow
def test_one_endless_sentence_is_split_not_dropped(t5):
    endless = " ".join(f"word{i}" for i in range(2500))       # no sentence boundary at all
    out = t5.summarize(make_cluster([endless, REPORTS[0]]), max_words=10)
    assert any(w.startswith("map-reduce") for w in out.warnings)
    assert out.sentences


def test_summarize_batch_returns_one_output_per_cluster(t5):
    clusters = [make_cluster(REPORTS[:2]), make_cluster(REPORTS[1:])]
    outs = t5.summarize_batch(clusters, max_words=10)
    assert len(outs) == 2 and all(o.sentences for o in outs)


def test_a_missing_model_folder_is_a_clear_model_error(tmp_path, hashing_embedder):
    with pytest.raises(ModelError, match="no such local folder"):
        HFEngine(model=str(tmp_path / "no-such-model"), embedder=hashing_embedder)
    with pytest.raises(ModelError, match="no usable config.json"):
        HFEngine(model=str(tmp_path), embedder=hashing_embedder)      # exists, but empty


def test_an_unknown_hub_id_is_a_clear_model_error(monkeypatch, hashing_embedder):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")       # the tests never reach the network
    with pytest.raises(ModelError, match=r"Hub cannot be reached \(offline\) and the model is not in the local cache"):
        HFEngine(model="no-such-org/no-such-summarizer", embedder=hashing_embedder)


def test_the_hf_engine_needs_a_model():
    with pytest.raises(ModelError, match="needs a model"):
        HFEngine(model=None)


def test_fit_words_cuts_at_a_sentence_boundary():
    kept, warning = fit_words(["One two three.", "Four five six.", "Seven eight."], 7)
    assert kept == ["One two three.", "Four five six."]
    assert "cut to 6" in warning
    assert fit_words(["One two."], 5) == (["One two."], None)
    kept, warning = fit_words(["a b c d e f g h"], 3)
    assert kept == ["a b c…"] and "first sentence" in warning
