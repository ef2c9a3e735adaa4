"""The fusion model's starting point: MiniLM (a 6-layer BERT) mapped onto `BartForConditionalGeneration`.

BART and BERT share the pieces that matter (post-LayerNorm blocks, GELU, learned absolute
positions), so MiniLM's encoder becomes the BART encoder unchanged, and a 3-layer decoder is
initialised from encoder layers 0/2/4 (cross-attention copied from self-attention). Differences
handled here: BART's learned positions sit at offset 2, and BERT adds a token-type embedding that
BART lacks, so type 0 is folded into the positions; BERT does not scale embeddings. The result is
an ordinary `AutoModelForSeq2SeqLM` with MiniLM's uncased WordPiece tokenizer: [CLS] starts the
decoder, [SEP] ends a sentence and separates input sentences, [PAD] pads.
"""
from __future__ import annotations

from pathlib import Path

DECODER_FROM_ENCODER_LAYERS = (0, 2, 4)


def bart_config_for(bert_config, tokenizer, decoder_layers: int = len(DECODER_FROM_ENCODER_LAYERS)):
    from transformers import BartConfig

    return BartConfig(
        vocab_size=bert_config.vocab_size,
        d_model=bert_config.hidden_size,
        encoder_layers=bert_config.num_hidden_layers,
        decoder_layers=decoder_layers,
        encoder_attention_heads=bert_config.num_attention_heads,
        decoder_attention_heads=bert_config.num_attention_heads,
        encoder_ffn_dim=bert_config.intermediate_size,
        decoder_ffn_dim=bert_config.intermediate_size,
        activation_function="gelu",
        max_position_embeddings=bert_config.max_position_embeddings,
        scale_embedding=False,
        dropout=0.1,
        attention_dropout=0.1,
        activation_dropout=0.0,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.cls_token_id,
        eos_token_id=tokenizer.sep_token_id,
        decoder_start_token_id=tokenizer.cls_token_id,
        forced_eos_token_id=tokenizer.sep_token_id,
        tie_word_embeddings=True,
    )


def _copy_attention(dst, src) -> None:
    """BERT self-attention (query/key/value + output dense) -> BART attention (q/k/v/out_proj)."""
    for bart_name, bert_module in (("q_proj", src.attention.self.query), ("k_proj", src.attention.self.key),
                                   ("v_proj", src.attention.self.value), ("out_proj", src.attention.output.dense)):
        getattr(dst, bart_name).weight.data.copy_(bert_module.weight.data)
        getattr(dst, bart_name).bias.data.copy_(bert_module.bias.data)


def _copy_norm(dst, src) -> None:
    dst.weight.data.copy_(src.weight.data)
    dst.bias.data.copy_(src.bias.data)


def _copy_block(dst, src, cross_attention: bool = False) -> None:
    _copy_attention(dst.self_attn, src)
    _copy_norm(dst.self_attn_layer_norm, src.attention.output.LayerNorm)
    if cross_attention:
        _copy_attention(dst.encoder_attn, src)
        _copy_norm(dst.encoder_attn_layer_norm, src.attention.output.LayerNorm)
    for bart_name, bert_module in (("fc1", src.intermediate.dense), ("fc2", src.output.dense)):
        getattr(dst, bart_name).weight.data.copy_(bert_module.weight.data)
        getattr(dst, bart_name).bias.data.copy_(bert_module.bias.data)
    _copy_norm(dst.final_layer_norm, src.output.LayerNorm)


def minilm_to_bart(bert_path: str | Path | None = None,
                   decoder_from: tuple[int, ...] = DECODER_FROM_ENCODER_LAYERS):
    """(BartForConditionalGeneration, tokenizer) initialised from a BERT checkpoint (default: the
    packaged all-MiniLM-L6-v2)."""
    import torch
    from transformers import AutoTokenizer, BartForConditionalGeneration, BertModel

    if bert_path is None:
        from summarizer.pipeline.embed import minilm_weights

        bert_path = minilm_weights()
    tokenizer = AutoTokenizer.from_pretrained(str(bert_path))
    bert = BertModel.from_pretrained(str(bert_path))
    config = bart_config_for(bert.config, tokenizer, decoder_layers=len(decoder_from))
    model = BartForConditionalGeneration(config)
    emb = bert.embeddings
    with torch.no_grad():
        model.model.shared.weight.copy_(emb.word_embeddings.weight)
        positions = emb.position_embeddings.weight + emb.token_type_embeddings.weight[0]
        for stack in (model.model.encoder, model.model.decoder):
            stack.embed_tokens.weight = model.model.shared.weight
            stack.embed_positions.weight[2:].copy_(positions)
            stack.embed_positions.weight[:2].copy_(positions[:2])  # unused rows; keep them sane
            _copy_norm(stack.layernorm_embedding, emb.LayerNorm)
        for dst, src in zip(model.model.encoder.layers, bert.encoder.layer):
            _copy_block(dst, src)
        for dst, k in zip(model.model.decoder.layers, decoder_from):
            _copy_block(dst, bert.encoder.layer[k], cross_attention=True)
        model.final_logits_bias.zero_()
    model.tie_weights()
    return model, tokenizer
