import numpy as np
from rouge_score import rouge_scorer

from summarizer.evaluation import baselines

DOC_A = "Alpha one opens the story. Alpha two adds detail. Alpha three ends it."
DOC_B = "Beta one reports the same event. Beta two quotes a witness."
DOC_C = "Gamma one has another angle. Gamma two closes."


def words(sentences):
    return sum(len(s.split()) for s in sentences)


def test_lead_takes_first_document_in_order_and_cuts_at_budget():
    assert baselines.lead([DOC_A, DOC_B], 100) == ["Alpha one opens the story.", "Alpha two adds detail.",
                                                   "Alpha three ends it."]
    cut = baselines.lead([DOC_A, DOC_B], 7)
    assert cut == ["Alpha one opens the story.", "Alpha two"]
    assert words(cut) == 7


def test_lead_skips_an_empty_first_document():
    assert baselines.lead(["  ", DOC_B], 5) == ["Beta one reports the same"]


def test_round_robin_interleaves_documents():
    out = baselines.round_robin([DOC_A, DOC_B, DOC_C], 100)
    assert out == ["Alpha one opens the story.", "Beta one reports the same event.", "Gamma one has another angle.",
                   "Alpha two adds detail.", "Beta two quotes a witness.", "Gamma two closes.",
                   "Alpha three ends it."]


def test_round_robin_drops_a_sentence_repeated_by_another_outlet():
    out = baselines.round_robin(["Same wire sentence here. A own.", "Same wire sentence here. B own."], 100)
    assert out == ["Same wire sentence here.", "A own.", "B own."]


def test_every_baseline_respects_the_budget():
    docs = [DOC_A * 3, DOC_B * 3, DOC_C * 3]
    refs = ["Beta one reports the same event and alpha two adds detail."]
    for fn in (baselines.lead, baselines.round_robin, baselines.lexrank):
        assert 0 < words(fn(docs, 12)) <= 12, fn.__name__
    assert 0 < words(baselines.oracle(docs, 12, refs)) <= 12


def test_lexrank_prefers_the_sentence_the_cluster_repeats():
    docs = ["The dam burst on Tuesday flooding the valley town. A local bakery sold bread.",
            "Flooding hit the valley town after the dam burst. Officials met on Monday.",
            "The valley town was flooded when the dam burst on Tuesday. The weather was mild."]
    out = baselines.lexrank(docs, 10)
    assert len(out) == 1 and "dam burst" in out[0]


def test_centroid_picks_the_sentence_nearest_the_mean():
    class BagOfWords:  # deterministic stand-in for MiniLM
        def encode(self, texts):
            vocab = sorted({w for t in texts for w in t.lower().split()})
            m = np.array([[t.lower().split().count(w) for w in vocab] for t in texts], dtype=np.float32)
            return m / np.linalg.norm(m, axis=1, keepdims=True)

    docs = ["storm hits coast today hard. cats like milk a lot.", "storm hits coast again today.",
            "the storm hits the coast."]
    out = baselines.centroid(docs, 6, embedder=BagOfWords())
    assert out and "storm" in out[0]


def test_oracle_beats_lead_against_its_own_references():
    docs = ["The council met on Monday to discuss parking. Residents complained about noise at night.",
            "The new bridge opens in May after five years of work. It cost 40 million dollars.",
            "Traffic is expected to ease once the bridge opens. Shops near the river hope for more visitors."]
    refs = ["A new bridge costing 40 million dollars opens in May; traffic is expected to ease."]
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)

    def score(sentences):
        s = scorer.score(refs[0], "\n".join(sentences))
        return s["rouge1"].fmeasure + s["rouge2"].fmeasure

    picked = baselines.oracle(docs, 40, refs)
    assert score(picked) > score(baselines.lead(docs, 40)) + 0.3
    assert all("bridge" in s or "40 million" in s for s in picked)


def test_oracle_without_references_falls_back_to_lead():
    assert baselines.oracle([DOC_A], 5, []) == baselines.lead([DOC_A], 5)


def test_sentences_split_on_line_breaks_too():
    assert baselines.split_sentences("A headline\nFirst sentence here. Second one.") == [
        "A headline", "First sentence here.", "Second one."]
