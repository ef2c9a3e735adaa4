"""The fusion model's parts: MiniLM->BART init, training pairs, recasing, decoding ban, verification."""
from __future__ import annotations

import random

import pytest
import torch

from summarizer.decoding import LoadedTermBlocker
from summarizer.fusion_data import PairRecipe, SEPARATOR, fusion_input, pairs_for_cluster
from summarizer.recase import recase
from summarizer.verify import problems, vocabulary


@pytest.fixture(scope="module")
def minilm_tokenizer():
    from transformers import AutoTokenizer

    from summarizer.embed import minilm_path

    return AutoTokenizer.from_pretrained(str(minilm_path()))


# ---- MiniLM -> BART ------------------------------------------------------------------------------
def test_minilm_maps_onto_bart_with_the_same_encoder_states():
    from transformers import BertModel

    from summarizer.embed import minilm_path
    from summarizer.fusion_init import minilm_to_bart

    bart, tokenizer = minilm_to_bart()
    bert = BertModel.from_pretrained(str(minilm_path())).eval()
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
                   "Astronauts landed on Mars to wide acclaim from everyone."],
}


def test_pairs_keep_aligned_reference_sentences_with_their_group_and_drop_unbacked_ones():
    pairs = pairs_for_cluster(CLUSTER, PairRecipe(copy_share=0.0), random.Random(0), "test")
    assert [p["target"] for p in pairs] == ["The city council approved a new budget of 4 million dollars on Monday."]
    pair = pairs[0]
    # the anchor (most of the reference's words) first, then the other report's sentence of the fact
    assert pair["input"] == ("On Monday the city council approved a budget of 4 million dollars."
                             + SEPARATOR + "The city council approved the new budget on Monday after a long debate.")
    assert pair["coverage"] >= 0.6 and pair["group"] == 2


def test_copy_pairs_map_a_source_sentence_to_itself():
    pairs = pairs_for_cluster(CLUSTER, PairRecipe(copy_share=0.5), random.Random(0), "test")
    copies = [p for p in pairs if p["kind"] == "copy"]
    assert len(copies) == 1
    assert copies[0]["input"].split(SEPARATOR)[0] == copies[0]["target"]


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


def test_verification_flags_a_rewrite_that_drifted_in_meaning():
    assert "drifted" in problems("Putin met Kim at the cosmodrome on Wednesday.", GROUP, cosine=0.4)
