"""The fusion model's parts: MiniLM->BART init, training pairs, recasing, decoding ban, verification."""
from __future__ import annotations

import random

import pytest
import torch

from summarizer.fusion.decoding import LoadedTermBlocker
from summarizer.fusion.inputs import SEPARATOR, fusion_input
from summarizer.fusion.recase import recase
from summarizer.fusion.verify import problems, vocabulary
from summarizer.training.pairs import PairRecipe, pairs_for_cluster, supported


@pytest.fixture(scope="module")
def minilm_tokenizer():
    from transformers import AutoTokenizer

    from summarizer.pipeline.embed import minilm_weights

    return AutoTokenizer.from_pretrained(str(minilm_weights()))


# ---- MiniLM -> BART ------------------------------------------------------------------------------
def test_minilm_maps_onto_bart_with_the_same_encoder_states():
    from transformers import BertModel

    from summarizer.pipeline.embed import minilm_weights
    from summarizer.training.warm_start import minilm_to_bart

    bart, tokenizer = minilm_to_bart()
    bert = BertModel.from_pretrained(str(minilm_weights())).eval()
    bart.eval()
    batch = tokenizer(["Putin met Kim at the Vostochny cosmodrome on Wednesday.", "A short one."],
                      padding=True, return_tensors="pt")
    with torch.no_grad():
        ours = bart.model.encoder(input_ids=batch.input_ids, attention_mask=batch.attention_mask).last_hidden_state
        theirs = bert(**batch).last_hidden_state
    mask = batch.attention_mask.bool()
    assert (ours - theirs)[mask].abs().max() < 0.005          # only LayerNorm eps differs
    assert 29.5e6 < sum(p.numel() for p in bart.parameters()) < 30.5e6
    assert bart.config.decoder_start_token_id == tokenizer.cls_token_id
    assert torch.equal(bart.model.decoder.layers[1].fc1.weight, bert.encoder.layer[2].intermediate.dense.weight)
    assert torch.equal(bart.model.decoder.layers[2].encoder_attn.q_proj.weight,
                       bert.encoder.layer[4].attention.self.query.weight)


# ---- training pairs ------------------------------------------------------------------------------
CLUSTER = {
    "id": "c1",
    "documents": [
        "The city council approved the new budget on Monday after a long debate. Weather was mild.",
        "On Monday the city council approved a budget of 4 million dollars. Residents were divided.",
    ],
    "references": ["– The city council approved a new budget of 4 million dollars on Monday. "
                   "Astronauts landed on Mars to wide acclaim from everyone. "
                   "The council approved a budget of 5 million dollars after a long debate."],
}
REFERENCE_ONLY = dict(joins_per_cluster=0, compressions_per_cluster=0, copies_per_cluster=0)


def test_reference_pairs_keep_only_targets_their_input_fully_backs():
    pairs = pairs_for_cluster(CLUSTER, PairRecipe(**REFERENCE_ONLY), random.Random(0), "test")
    # Mars: not in the sources; "5 million": a number the sources do not state
    assert [p["target"] for p in pairs] == ["The city council approved a new budget of 4 million dollars on Monday."]
    pair = pairs[0]
    # the anchor (most of the reference's words) first, then the other report's sentence that adds "new"
    assert pair["input"] == ("On Monday the city council approved a budget of 4 million dollars."
                             + SEPARATOR + "The city council approved the new budget on Monday after a long debate.")
    assert pair["coverage"] == 1.0 and pair["group"] == 2


@pytest.mark.parametrize("target, ok", [
    ("Putin met Kim in Vostochny on Wednesday.", True),
    ("Putin met Kim in Moscow on Wednesday.", False),           # a name the sources do not have
    ("Putin met Kim 3 times.", False),                          # a number they do not have
    ('Putin called it "a fine meeting" on Wednesday.', False),  # a quotation they do not have
])
def test_supported_rejects_targets_that_say_more_than_the_input(target, ok):
    inputs = ["Putin met Kim at the Vostochny cosmodrome on Wednesday.", "Putin called the meeting fine."]
    assert (supported(target, inputs, min_coverage=0.6) is not None) == ok


TWO_REPORTS = {
    "id": "c2",
    "documents": [
        "The storm hit the coast on Tuesday, and thousands of homes lost power for hours. "
        "Governor Ann Lee, who flew over the area, declared an emergency in three counties.",
        "Thousands of homes lost power when the storm hit the coast on Tuesday. "
        "An emergency was declared in three counties by Governor Ann Lee.",
    ],
    "references": [""],
}


def test_self_supervised_pairs_join_compress_and_copy_real_sentences():
    pairs = pairs_for_cluster(TWO_REPORTS, PairRecipe(), random.Random(0), "test")
    by_kind = {p["kind"]: p for p in pairs}
    join = by_kind["join"]
    assert join["input"].split(SEPARATOR)[:2] == ["The storm hit the coast on Tuesday.",
                                                  "Thousands of homes lost power for hours."]
    assert join["target"] == "The storm hit the coast on Tuesday, and thousands of homes lost power for hours."
    compress = by_kind["compress"]
    assert compress["target"] in {"Governor Ann Lee declared an emergency in three counties.",
                                  "Thousands of homes lost power when the storm hit the coast."}
    assert compress["group"] == 2            # with the other report's paraphrase
    copy = by_kind.get("copy")
    assert copy is None or copy["input"].split(SEPARATOR)[0] == copy["target"]
    assert all(supported(p["target"], p["input"].split(SEPARATOR)) is not None for p in pairs)


def test_fusion_input_joins_the_group_anchor_first():
    assert fusion_input(" A said B. ", ["C said D."]) == "A said B. [SEP] C said D."


# ---- recasing ------------------------------------------------------------------------------------
@pytest.mark.parametrize("generated, sources, expected", [
    ("putin said kim would visit moscow .", ["Kim will visit Moscow, Putin said."],
     "Putin said Kim would visit Moscow."),
    ("the u . s . - backed talks were \" productive , \" kim ' s aide said .",
     ["The U.S.-backed talks were \"productive,\" Kim's aide said on Tuesday."],
     "The U.S.-backed talks were \"productive,\" Kim's aide said."),
    ("the cafe in sao paulo reopened .", ["The café in São Paulo reopened on Friday."],
     "The café in São Paulo reopened."),
    ("nasa found 3 , 000 rocks , officials said .", ["NASA found 3,000 rocks.", "Officials said so."],
     "NASA found 3,000 rocks, officials said."),
    ("five % of the staff declined .", ["Five percent of the staff declined to say."],
     "Five percent of the staff declined."),
])
def test_recase_restores_the_sources_spelling(generated, sources, expected):
    assert recase(generated, sources) == expected


# ---- decoding restricted to the input's word pieces --------------------------------------------------
def test_source_vocabulary_allows_only_input_pieces_and_the_closed_list(minilm_tokenizer):
    from summarizer.fusion.decoding import SourceVocabulary

    tok = minilm_tokenizer
    batch = tok(["putin met kim at the cosmodrome", "heavy rain flooded the valley"], padding=True,
                return_tensors="pt")
    vocab = SourceVocabulary.for_inputs(tok, batch["input_ids"], num_beams=2, vocab_size=len(tok))
    scores = vocab(None, torch.zeros(4, len(tok)))
    ids = {w: tok.convert_tokens_to_ids(w) for w in ("putin", "rain", "and", "moscow", ",")}
    assert scores[0, ids["putin"]] == 0 and scores[1, ids["putin"]] == 0        # both beams of input 0
    assert scores[0, ids["rain"]] == float("-inf") and scores[2, ids["rain"]] == 0
    assert scores[3, ids["moscow"]] == float("-inf")                            # in neither input
    assert scores[0, ids["and"]] == 0 and scores[2, ids[","]] == 0             # closed list: joins


# ---- loaded terms blocked outside quotations -------------------------------------------------------
def test_blocker_bans_loaded_words_outside_quotes_only(minilm_tokenizer):
    blocker = LoadedTermBlocker.for_tokenizer(minilm_tokenizer, forms=["tyrant", "slammed", "witch hunt"])
    tok = minilm_tokenizer
    slammed = tok("slammed", add_special_tokens=False)["input_ids"]
    witch, hunt = tok("witch hunt", add_special_tokens=False)["input_ids"]
    prefix = [tok.cls_token_id] + tok("the leader", add_special_tokens=False)["input_ids"]
    quoted = prefix + tok('" the', add_special_tokens=False)["input_ids"]

    def next_scores(ids):
        return blocker(torch.tensor([ids]), torch.zeros(1, tok.vocab_size))[0]

    assert next_scores(prefix + [witch])[hunt] == float("-inf")       # "witch hunt" outside quotes
    assert next_scores(quoted + [witch])[hunt] == 0                   # inside a quotation: allowed
    assert next_scores(quoted)[slammed[0]] == 0
    assert next_scores(prefix)[hunt] == 0                              # "hunt" alone is fine
    assert next_scores(prefix)[slammed[0]] == (float("-inf") if len(slammed) == 1 else 0)


def test_blocker_covers_the_project_lexicon(minilm_tokenizer):
    blocker = LoadedTermBlocker.for_tokenizer(minilm_tokenizer)
    assert len(blocker.single) + sum(len(v) for v in blocker.after.values()) > 300


# ---- verification --------------------------------------------------------------------------------
GROUP = ['Putin met Kim at the Vostochny cosmodrome on Wednesday, the Kremlin said.',
         'The two leaders talked for four hours, Kim said it was a "sacred fight".']


@pytest.mark.parametrize("text, flag", [
    ("Putin met Kim at the cosmodrome on Wednesday.", None),
    ("Putin met Kim at the cosmodrome on Wednesday, 12 aides said.", "unsupported-number"),
    ("Putin met Xi at the cosmodrome on Wednesday.", "unsupported-entity"),
    ('Kim called it a "holy war" at the cosmodrome.', "unsupported-quote"),
    ('Kim said it was a "sacred fight" at the cosmodrome.', None),
    ("The despot Putin met Kim at the cosmodrome.", "loaded-term"),
    ("Putin met Kim.", "too-short"),
    ("Putin met Kim at the cosmodrome on Wednesday, the Kremlin reported.", None),   # reporting verb
    ("The leader talked for four hours at the cosmodrome.", None),                    # inflection
    ("Putin met Kim at the spaceport on Wednesday.", "novel-word"),
    ("Putin met Kim at the cosmodrome, the cosmodrome on Wednesday.", "repetition"),
    ("The leaders leaders talked for four hours.", "repetition"),
    ("Putin met Putin at the cosmodrome on Wednesday.", "repetition"),      # a swapped name
    ('Kim said it was a "sacred fight at the cosmodrome.', "unsupported-quote"),
])
def test_verification_flags_what_the_group_does_not_back(text, flag):
    found = problems(text, GROUP, vocabulary(GROUP))
    assert (flag in found) if flag else found == []


def test_a_pair_said_twice_is_no_repetition_when_the_source_says_it_twice():
    # docs/fusion-rejections.md item 7: the rule flagged the source sentence itself
    source = ("Hours earlier, Fitzgerald asked for 100 volunteers to help in the routine search for evidence "
              "as the search for Jayme Closs entered its fourth day.")
    rewrite = "Fitzgerald asked for 100 volunteers to help in the routine search for evidence as the search for Jayme Closs entered its fourth day."
    assert "repetition" not in problems(rewrite, [source])
    assert "repetition" in problems("Fitzgerald asked for the search for the search for evidence as volunteers entered.",
                                    [source])


def test_verification_flags_a_rewrite_that_drifted_in_meaning():
    assert "drifted" in problems("Putin met Kim at the cosmodrome on Wednesday.", GROUP, cosine=0.4)


def test_recase_ends_a_rewrite_with_the_full_stop_the_model_left_out():
    sources = ["Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome on Wednesday."]
    assert recase("kim jong un met vladimir putin on wednesday", sources) == \
        "Kim Jong Un met Vladimir Putin on Wednesday."
    assert recase("did kim meet putin?", ["Did Kim meet Putin?"]).endswith("?")
    assert not recase("kim met putin", ["Kim met Putin at the cosmodrome"]).endswith(".")  # the source had none


def test_recase_ends_a_rewrite_with_one_full_stop():
    assert recase("the boy was found around 10 a. m...", ["The boy was found around 10 a.m."]) == \
        "The boy was found around 10 a.m."
    assert recase("mcdonnell left the courthouse in richmond, va.,",
                  ["McDonnell left the courthouse in Richmond, Va., with his lawyer."]) == \
        "McDonnell left the courthouse in Richmond, Va."
    # a quotation that closes on its own full stop ends the sentence (fresh read of Multi-News val 2341-2380)
    assert recase('the officer wrote that the initiative was " silly. ".',
                  ['The officer wrote that the initiative was " silly. "']) == 'The officer wrote that the initiative was "silly."'


def test_a_rewrite_that_restates_what_the_summary_already_says_is_left_out():
    # the demo example said "the two leaders agreed to meet again in the spring" twice (session 4)
    import numpy as np

    from summarizer.pipeline.concepts import concept_table
    from summarizer.pipeline.select import CoverageTerms, Variant, choose_variants

    texts = ["Karvonian President Radu Velic and Prime Minister Anja Holm signed the deal in Dravik.",
             "The two leaders agreed to meet again in the spring to discuss a bridge.",
             "Holm and Velic will meet again in the spring.",
             "About 2,000 farmers protested outside the town hall."]
    table = concept_table(texts, [0, 1, 2, 0], [0, 1, 1, 2])
    terms = CoverageTerms(table, np.array([4.0, 3.0, 2.5, 1.0]), np.ones(4, dtype=bool), [0, 1, 2, 3], [], 1.0,
                          np.array([len(t.split()) for t in texts]))
    variants = [Variant(k, t, k, rewrite=k == 2) for k, t in enumerate(texts)]
    kept = sorted(choose_variants(terms, variants, 200, np.eye(4), rewrite_bonus=0.5).chosen)
    assert kept in ([0, 1, 3], [0, 2, 3])
