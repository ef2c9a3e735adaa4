"""The `fusion` engine with the shipped model: budgets, citations, neutrality, verification, fallbacks."""
from __future__ import annotations

import pytest

from summarizer.errors import ModelError
from summarizer.neutral.terms import find_loaded_terms
from summarizer.types import Document

pytestmark = pytest.mark.slow

UNSUPPORTED = {"unsupported-number", "unsupported-entity", "low-support"}


@pytest.fixture(scope="module")
def fusion(embedder):
    from summarizer import Summarizer

    return Summarizer(engine="fusion", embedder=embedder)


@pytest.fixture(scope="module")
def seed_summary(fusion, seed_paths):
    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in seed_paths]
    return fusion.summarize(docs, max_words=120)


def test_a_count_two_reports_give_is_cited_to_both_as_its_conflict_flag_says(embedder):
    # the demo example: "About 2,000 farmers protested" said "1/5 reports" beside a flag naming reports 1 and 2.
    # The rules alone, because the citation of a compression is tested here: whether the judge accepts this
    # one is its own business (since it reads the model's log-probabilities it scores it 0.68, under its
    # threshold, and the full sentence, which report 2 does not state word for word, is kept instead)
    from summarizer import Summarizer
    from summarizer.demo.app import EXAMPLES_DIR

    rules_only = Summarizer(engine="fusion", judge=False, embedder=embedder)
    summary = rules_only.summarize(sorted((EXAMPLES_DIR / "summit").glob("*_*.txt")), max_words=120)
    farmers = [s for s in summary.sentences if "2,000 farmers" in s.text]
    assert farmers and all(s.support == len({r.doc for r in s.sources}) for s in summary.sentences)
    for s in farmers:
        named = [f for f in s.flags if f.startswith("conflicting-numbers")]
        assert s.support >= 2 and {r.doc for r in s.sources} >= {0, 1}, (s.text, s.sources, named)


def test_fusion_is_the_default_engine(fusion):
    from summarizer.api import DEFAULT_ENGINE

    assert DEFAULT_ENGINE == "fusion" and fusion.engine.name == "fusion"
    assert fusion.engine.model_id == "fusion-minilm"


def test_seed_summary_fits_the_budget_and_cites_its_sources(seed_summary):
    assert 40 <= len(seed_summary.summary.split()) <= 120
    for sentence in seed_summary.sentences:
        assert sentence.sources and sentence.support >= 1
        assert sentence.text.lstrip("\"“‘'([")[0].isupper()   # recased, not the model's lowercase
        if "fallback-extractive" not in sentence.flags:
            assert not UNSUPPORTED & set(sentence.flags)


def test_every_report_whose_wording_a_sentence_uses_is_cited(fusion, seed_paths):
    from summarizer.demo.app import EXAMPLES_DIR

    for paths in (seed_paths, sorted((EXAMPLES_DIR / "summit").glob("*_*.txt"))):
        for budget in (120, 230):
            for sentence in fusion.summarize(paths, max_words=budget).sentences:
                cited = {r.doc for r in sentence.sources}
                assert set(sentence.drawn_from) <= cited and sentence.support == len(cited), sentence


def test_seed_summary_is_neutral_and_says_which_sentences_are_not_rewrites(seed_summary):
    from summarizer.neutral.terms import neutralize

    assert find_loaded_terms(seed_summary.summary) == []       # "tyrant", "despot" are in the seeds
    sources = {neutralize(s.text) for sentence in seed_summary.sentences for s in sentence.sources}
    fallbacks = [s for s in seed_summary.sentences if "fallback-extractive" in s.flags]
    for sentence in fallbacks:                                 # a fallback is a (neutralised) source sentence
        assert sentence.text in sources
    if fallbacks:
        assert any(f"{len(fallbacks)} of {len(seed_summary.sentences)} sentences are source sentences" in w
                   for w in seed_summary.warnings)


def test_loaded_words_are_blocked_outside_quotations(fusion):
    docs = ["The tyrant slammed his rivals on Monday in a long speech to parliament in the capital city.",
            "On Monday the despot slammed rivals in a speech to parliament, calling them \"traitors\".",
            "The president criticised his rivals in a speech to parliament on Monday, officials said."]
    summary = fusion.summarize(docs, max_words=40)
    assert summary.summary.strip()
    assert find_loaded_terms(summary.summary) == []


def test_the_best_candidate_that_passes_is_kept_and_a_fact_without_one_falls_back(fusion, seed_paths):
    from summarizer.pipeline.prepare import prepare

    engine = fusion.engine
    cluster = prepare([Document(p.read_text(encoding="utf-8")) for p in seed_paths], fusion.embedder)
    plan = engine._plan(cluster, 120)
    first, second = plan["choices"][0].text, plan["choices"][1].text
    invented = "putin and kim met 77 times in 1999 at the cosmodrome ."
    candidates = [[invented], [invented, second.lower()]] + [[c.text.lower()] for c in plan["choices"][2:]]
    engine.joins = False             # a join with another report's "Kim, 39," is not a fallback any more
    try:
        out = engine._finish(cluster, plan, candidates, 120)
    finally:
        engine.joins = True
    by_anchor = {c.sentence: s for c, s in zip(plan["choices"], out.sentences)}
    assert "fallback-extractive" in out.sentences[0].flags and out.sentences[0].text == first
    assert "unsupported-number" in out.sentences[0].rejected
    assert any("unsupported-number" in w for w in out.warnings)
    kept = out.sentences[1]                                  # its second candidate passes
    assert "fallback-extractive" not in kept.flags and kept.rejected == []
    assert kept.text.lower() == second.lower() and kept.drawn_from
    assert len(by_anchor) == len(out.sentences)


def test_rewrites_use_only_their_sources_words(seed_summary):
    from summarizer.fusion.alignment import GLUE
    from summarizer.fusion.recase import fold, tokens_with_spans

    for sentence in seed_summary.sentences:
        source_words = {fold(t) for r in sentence.sources for t, _, _ in tokens_with_spans(r.text)}
        words = {fold(t) for t, _, _ in tokens_with_spans(sentence.text)}
        assert words <= source_words | GLUE, words - source_words - GLUE


def test_tiny_budget_gives_one_cut_sentence(fusion):
    docs = ["The council approved the city budget on Monday after a long and heated public debate.",
            "The city budget was approved by the council on Monday, officials said after the meeting."]
    summary = fusion.summarize(docs, max_words=5)
    assert len(summary.summary.split()) <= 6 and summary.sentences


def test_batch_equals_one_by_one(fusion):
    clusters = [["The council approved the city budget on Monday after a long debate in the hall.",
                 "On Monday the council approved the city budget, officials said after a long debate."],
                ["Heavy rain flooded the river valley on Sunday and forced hundreds of people from homes.",
                 "Hundreds of people left their homes on Sunday when heavy rain flooded the river valley."]]
    together = [s.summary for s in fusion.summarize_many(clusters, max_words=40)]
    alone = [fusion.summarize(c, max_words=40).summary for c in clusters]
    assert together == alone


def test_int8_quantized_inference_runs(embedder):
    from summarizer import Summarizer

    summarizer = Summarizer(engine="fusion", embedder=embedder, quantize=True)
    summary = summarizer.summarize(["The council approved the city budget on Monday after a long debate.",
                                    "On Monday the council approved the city budget after a debate."], max_words=30)
    assert summary.summary.strip() and summary.sentences[0].sources


def test_a_missing_checkpoint_is_a_clear_error(tmp_path, embedder):
    from summarizer.engines import build_engine

    with pytest.raises(ModelError, match="not found|no usable config"):
        build_engine("fusion", model=str(tmp_path / "nothing-here"), embedder=embedder)


def test_pool_words_widens_the_candidate_facts_of_a_short_budget(fusion, seed_paths):
    cluster = fusion._prepare(seed_paths)
    engine, before = fusion.engine, (fusion.engine.pool_words, fusion.engine.budget_stretch)
    try:
        engine.pool_words, engine.budget_stretch = 0, 1.0
        narrow = engine._plan(cluster, 60)["choices"]
        engine.pool_words = 60
        wide = engine._plan(cluster, 60)["choices"]
    finally:
        engine.pool_words, engine.budget_stretch = before
    words = [sum(len(c.text.split()) for c in chosen) for chosen in (narrow, wide)]
    assert {c.fact for c in narrow} < {c.fact for c in wide}
    assert 60 <= words[0] < 120 <= words[1]


def test_every_sentence_is_a_verified_rewrite_or_a_source_sentence_and_the_budget_is_spent(fusion, seed_paths):
    from summarizer.neutral.terms import neutralize
    from summarizer.text import sentence_case

    cluster = fusion._prepare(seed_paths)
    engine = fusion.engine
    plan = engine._plan(cluster, 120)
    generated, _ = engine.generate(plan["inputs"], plan["anchor_words"])
    _, picked, _ = engine.verified_all(cluster, plan, generated)
    verified = {t for texts in picked for t in texts}
    sources = {sentence_case(neutralize(s.text)) for s in cluster.sentences}
    out = engine._finish(cluster, plan, generated, 120)
    words = sum(len(s.text.split()) for s in out.sentences)
    assert 0.95 * 120 <= words <= 120
    for sentence in out.sentences:
        if len(sentence.drawn_from) > 1 and sentence.text not in verified:   # a join: one of those with
            cited = [r.text for r in sentence.sources]                        # a cited report's appositive
            assert any(joined_to(sentence.text, base, cited) for base in verified | sources), sentence.text
        elif sentence.drawn_from:                        # generated: one of the candidates that passed
            assert sentence.text in verified and "fallback-extractive" not in sentence.flags
        else:                                            # else a report's sentence, word for word
            assert sentence.text in sources
    # the judge refitted on eight reads (threshold 0.762) turns one true cut of the seed ("in the past four
    # months", scored 0.751) into its source sentence: one rewrite of four at 120 words on this cluster
    rewrites = [s for s in out.sentences if s.drawn_from and s.text not in sources]
    assert rewrites and all(s.rejected for s in out.sentences if "fallback-extractive" in s.flags)


def joined_to(text: str, base: str, cited: list[str]) -> bool:
    """Whether `text` is `base` with one phrase, set off by commas, that a cited sentence gives."""
    head = 0
    while head < min(len(text), len(base)) and text[head] == base[head]:
        head += 1
    tail = 0
    while tail < min(len(text), len(base)) - head and text[-1 - tail] == base[-1 - tail]:
        tail += 1
    if head + tail != len(base):
        return False
    added = text[head:len(text) - tail].strip(" ,")
    return bool(added) and any(added in c for c in cited)


def test_the_words_rewrites_free_buy_more_facts_than_extraction_says(fusion, extractive, seed_paths):
    budget = 120
    facts = {}
    for name, summarizer in (("fusion", fusion), ("extractive", extractive)):
        summary = summarizer.summarize(seed_paths, max_words=budget)
        facts[name] = len(summary.sentences)
        assert len(summary.summary.split()) <= budget
    assert facts["fusion"] > facts["extractive"]


def test_self_training_pairs_are_verified_cuts_of_the_engines_own_inputs(fusion, seed_paths):
    import random

    from summarizer.fusion.alignment import structure_problems
    from summarizer.fusion.inputs import SEPARATOR
    from summarizer.training.verified import MIN_CUT, pairs_for_cluster

    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in seed_paths]
    pairs = pairs_for_cluster(fusion, docs, "seed", 230, random.Random(0))
    assert pairs
    for pair in pairs:
        sources = [s.strip() for s in pair["input"].split(SEPARATOR)]
        assert len(pair["target"].split()) <= len(sources[0].split()) - MIN_CUT
        assert structure_problems(pair["target"], sources) == []
