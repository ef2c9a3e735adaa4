"""Learned concept weights for coverage selection (summarizer/pipeline/concept_weights.py)."""
import numpy as np
import pytest
from test_relate_select import sentences  # noqa: E402

from summarizer.errors import InputError
from summarizer.pipeline.concept_weights import FEATURES, MODEL_DIR, WordStats, cluster_concept_features, load_model
from summarizer.pipeline.relate import group_facts
from summarizer.pipeline.select import SelectionWeights, coverage_concepts, select, sentence_signals


def test_unknown_concept_weights_are_refused_with_the_choices():
    with pytest.raises(InputError, match="learned, hand"):
        SelectionWeights(concept_weights="magic")


def test_the_shipped_model_is_small_and_loads():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size <= 5 * 2**20
    model, words = load_model()
    assert model.n_features == len(FEATURES)
    assert words.idf["putin"] > words.idf["said"]     # a rarer word has a higher idf


def test_word_table_round_trips(tmp_path):
    words = WordStats(idf={"summit": 5.5, "said": 1.25}, kept={"summit": 0.41, "said": 0.2}, unseen_idf=9.0,
                      unseen_kept=0.3)
    words.save(tmp_path / "w.tsv.gz")
    assert WordStats.load(tmp_path / "w.tsv.gz") == words


def _cluster(embedder):
    sents = sentences(
        (0, "Russian President Vladimir Putin met North Korean leader Kim Jong Un at a space centre on Wednesday."),
        (0, "Click here to subscribe to our newsletter for the latest deals on running shoes."),
        (1, "Putin and Kim Jong Un met at the Vostochny space centre in Russia's far east on Wednesday."),
        (1, "Click here to subscribe to our newsletter for the latest deals on running shoes."),
        (2, "Kim Jong Un met Vladimir Putin at a space centre in eastern Russia, state media said."),
        (2, "Click here to subscribe to our newsletter for the latest deals on running shoes."),
        (2, "The two leaders discussed military cooperation, the Kremlin said after the talks."),
    )
    emb = np.asarray(embedder.encode([s.text for s in sents]), dtype=np.float32)
    return sents, emb, group_facts(sents, emb)


@pytest.mark.slow
def test_features_are_one_finite_row_per_concept(embedder):
    sents, emb, facts = _cluster(embedder)
    table = coverage_concepts(sents, emb, facts, SelectionWeights(concept_weights="hand"))
    rows = cluster_concept_features(table, sents, emb, facts, None, sentence_signals(sents, emb, facts),
                                    load_model()[1])
    assert rows.shape == (len(table.names), len(FEATURES))
    assert np.isfinite(rows).all()


@pytest.mark.slow
def test_learned_weights_value_the_story_over_a_newsletter_prompt_pasted_into_every_report(embedder):
    sents, emb, facts = _cluster(embedder)
    hand = coverage_concepts(sents, emb, facts, SelectionWeights(concept_weights="hand"))
    learned = coverage_concepts(sents, emb, facts, SelectionWeights(concept_weights="learned"))
    by_name = lambda table: dict(zip(table.names, table.weights))
    ad, story = ("subscrib", "to"), ("space", "centr")
    assert by_name(hand)[ad] == by_name(hand)[story] == 3     # the hand weights count reports: a tie
    assert by_name(learned)[story] > 2 * by_name(learned)[ad]
    chosen = select(sents, emb, facts, 25, SelectionWeights(concept_weights="learned"))
    assert "subscribe" not in " ".join(c.text for c in chosen)


@pytest.mark.slow
def test_a_focus_keeps_the_hand_weights_and_the_budget(embedder):
    sents, emb, facts = _cluster(embedder)
    relevance = np.array([0, 0, 0, 0, 0, 0, 1], dtype=np.float32)
    learned = coverage_concepts(sents, emb, facts, SelectionWeights(concept_weights="learned"), relevance)
    hand = coverage_concepts(sents, emb, facts, SelectionWeights(concept_weights="hand"), relevance)
    assert list(learned.weights) == list(hand.weights)
    weights = dict(zip(hand.names, hand.weights))
    assert weights[("militari", "cooper")] == pytest.approx(3.0)   # one report x (1 + focus 2.0 x relevance 1)
    chosen = select(sents, emb, facts, 30, SelectionWeights(), relevance=relevance)
    assert sum(len(c.text.split()) for c in chosen) <= 30
    assert any("military cooperation" in c.text for c in chosen)


@pytest.mark.slow
@pytest.mark.parametrize("cluster", ["seeds", "demo example"])
@pytest.mark.parametrize("concept_weights", ["learned", "hand"])
def test_no_fact_is_said_twice_on_the_seeds_and_the_demo_example(cluster, concept_weights, embedder, seed_paths):
    from pathlib import Path

    from summarizer import Summarizer

    folder = seed_paths[0].parent if cluster == "seeds" else \
        Path(__file__).resolve().parents[1] / "summarizer" / "demo" / "examples" / "summit"
    summarizer = Summarizer(engine="extractive", embedder=embedder, concept_weights=concept_weights)
    summary = summarizer.summarize(sorted(p for p in folder.iterdir() if p.suffix == ".txt"), max_words=120)
    vectors = np.asarray(embedder.encode([s.text for s in summary.sentences]), dtype=np.float32)
    similar = np.triu(vectors @ vectors.T >= 0.8, 1)
    assert len(summary.sentences) >= 3 and not similar.any(), [s.text for s in summary.sentences]


def test_clusters_larger_than_the_model_saw_keep_the_hand_weights():
    sents = sentences(*[(d, f"Report {d} says the two leaders met at the space centre on Wednesday for talks.")
                        for d in range(12)])
    emb = np.tile(np.array([[1.0, 0.0, 0.0]], dtype=np.float32), (12, 1))
    facts = group_facts(sents, emb)
    learned = coverage_concepts(sents, emb, facts, SelectionWeights(concept_weights="learned"))
    hand = coverage_concepts(sents, emb, facts, SelectionWeights(concept_weights="hand"))
    assert list(learned.weights) == list(hand.weights)


# ---- learned sentence scores (summarizer/pipeline/sentence_scores.py) --------------------------------
def test_unknown_sentence_scores_are_refused_with_the_choices():
    with pytest.raises(InputError, match="learned, hand"):
        SelectionWeights(sentence_scores="oracle")


def test_the_shipped_sentence_model_reads_every_feature():
    from summarizer.pipeline.sentence_scores import FEATURES as SENTENCE_FEATURES
    from summarizer.pipeline.sentence_scores import load_sentence_model

    assert load_sentence_model().n_features == len(SENTENCE_FEATURES)


def test_oracle_labels_are_the_share_of_bigrams_a_reference_uses():
    from summarizer.training.sentence_scores import oracle_values

    values = oracle_values(["Putin met Kim at the space centre.", "Click here to subscribe."],
                           ["Kim and Putin met at the space centre on Wednesday.", "Putin met Kim."])
    assert values[0] == pytest.approx(4 / 6)     # "putin met", "met kim"... by the best reference: 4 of 6
    assert values[1] == 0.0


@pytest.mark.slow
def test_learned_sentence_scores_rank_the_story_over_a_newsletter_prompt(embedder):
    from summarizer.pipeline.sentence_scores import FEATURES as SENTENCE_FEATURES
    from summarizer.pipeline.sentence_scores import learned_sentence_scores, sentence_features

    sents, emb, facts = _cluster(embedder)
    table = coverage_concepts(sents, emb, facts, SelectionWeights())
    signals = sentence_signals(sents, emb, facts)
    rows = sentence_features(sents, emb, facts, None, signals, table, load_model()[1])
    assert rows.shape == (len(sents), len(SENTENCE_FEATURES)) and np.isfinite(rows).all()
    scores = learned_sentence_scores(sents, emb, facts, None, signals, table)
    assert scores[0] > scores[1] and scores[2] > scores[3]
    chosen = select(sents, emb, facts, 25, SelectionWeights(sentence_scores="learned"))
    assert chosen and "subscribe" not in " ".join(c.text for c in chosen)


def test_sentence_model_fit_writes_a_model_and_its_learning_curve(tmp_path):
    """The fitting step on tiny feature shards: a model that reads every feature and ranks by the label."""
    from summarizer.pipeline.sentence_scores import FEATURES as SENTENCE_FEATURES
    from summarizer.training.sentence_scores import SLICES, fit

    rng = np.random.default_rng(0)
    features = tmp_path / "features"
    features.mkdir()
    for name, clusters in (("multinews-train", 300), ("neus-train", 50), ("multinews-val", 60)):
        first = SLICES[name][1]
        cluster = np.repeat(np.arange(first, first + clusters), 10).astype(np.int32)
        x = rng.random((len(cluster), len(SENTENCE_FEATURES)), dtype=np.float32)
        y = np.clip(x[:, 0] * 0.8 + 0.2 * rng.random(len(cluster)), 0, 1).astype(np.float32)
        np.savez(features / f"{name}-0000.npz", x=x, y=y, cluster=cluster)
    record = fit(features, [100, 300], tmp_path / "model")
    assert [row["multinews_train_clusters"] for row in record["curve"]] == [100, 300]
    assert record["curve"][-1]["val_spearman"] > 0.8 > abs(record["hand_salience_val_spearman"])
    assert (tmp_path / "model" / "sentences.lgb.txt").exists() and (tmp_path / "model" / "sentences.json").exists()


@pytest.mark.slow
def test_a_line_that_relates_to_nothing_in_the_cluster_is_said_only_when_nothing_else_fills_the_budget(embedder):
    # another story's headline pasted into one report
    headline = "Missouri voters just blocked the right-to-work law Republicans passed to weaken labor unions."
    sents = sentences(
        (0, "Russian President Vladimir Putin met North Korean leader Kim Jong Un at a space centre on Wednesday."),
        (0, headline),
        (0, "The two leaders toured the launch site before sitting down for talks on military cooperation."),
        (1, "Putin and Kim Jong Un met at the Vostochny space centre in Russia's far east on Wednesday."),
        (1, "Kim told Putin that North Korea would support Moscow's fight in Ukraine, state media reported."),
        (2, "Kim Jong Un met Vladimir Putin at a space centre in eastern Russia, state media said."),
        (2, "The Kremlin said the talks lasted more than four hours and covered satellites and weapons."),
        (0, "Washington warned that any arms deal between the two countries would breach UN sanctions."),
        (1, "Kim arrived in Russia by armoured train on Tuesday, his first trip abroad since the pandemic."),
        (2, "The White House said North Korea was selling artillery shells to Russia for the war in Ukraine."),
    )
    emb = np.asarray(embedder.encode([s.text for s in sents]), dtype=np.float32)
    facts = group_facts(sents, emb)
    said = lambda budget, **options: [c.text for c in select(sents, emb, facts, budget, SelectionWeights(
        concept_weights="hand", **options))]
    assert headline in said(75, unrelated=0)      # the rule, not the budget, keeps it out
    assert headline not in said(75)
    assert headline in said(300)                  # room for everything: a summary does not leave words unused


@pytest.mark.slow
def test_two_reports_wording_one_fact_alike_relate_to_each_other(embedder):
    from summarizer.pipeline.chrome_filter import relates_to_nothing

    sents = sentences((0, "Flooding closed the main highway north of Valdora on Tuesday, officials said."),
                      (0, "A storm is expected to reach the coast of Norway on Friday."),
                      (1, "Officials closed the highway north of Valdora on Tuesday because of floods."))
    emb = np.asarray(embedder.encode([s.text for s in sents]), dtype=np.float32)
    assert relates_to_nothing(sents, emb).tolist() == [False, True, False]
