"""CTranslate2 copies of BART and BERT checkpoints built with numpy alone: no torch, no transformers.

The weights are read from `model.safetensors` (`safetensors.numpy`) into the same CTranslate2 model
specifications that ctranslate2's own transformers converter fills (its BartLoader and BertLoader), so
the copies are the same bytes (`tests/test_np_convert.py` compares them where torch is installed) and
conversion takes about a second. fp16 weights are widened to float32 first, as the transformers
converter loads them, and CTranslate2 quantizes.

    convert(source, out, quantization)    source: a model folder with config.json, tokenizer.json
                                           and model.safetensors; out: the folder to write
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np

MODEL_TYPES = ("bart", "bert")


def supports(source: Path) -> bool:
    """True when `source` is a model this converter handles (its model type, safetensors weights)."""
    try:
        model_type = json.loads((source / "config.json").read_text()).get("model_type")
    except (OSError, ValueError):
        return False
    return model_type in MODEL_TYPES and (source / "model.safetensors").is_file() \
        and (source / "tokenizer.json").is_file()


def _specs():
    """ctranslate2's spec modules, imported with torch hidden: `ctranslate2.specs.model_spec` imports
    torch where it is installed (only to accept torch tensors, which this converter never passes),
    seconds that a summary's first use should not pay. `allow_torch_tensors` undoes it."""
    if "ctranslate2.specs.model_spec" not in sys.modules and "torch" not in sys.modules:
        sys.modules["torch"] = None      # `import torch` raises ImportError while this is set
        try:
            import ctranslate2.specs.model_spec  # noqa: F401
        finally:
            del sys.modules["torch"]
    from ctranslate2.specs import common_spec, transformer_spec

    return common_spec, transformer_spec


def allow_torch_tensors() -> None:
    """Let ctranslate2's specs take torch tensors again (the transformers converter passes them)
    when `_specs` imported them with torch hidden."""
    import torch
    from ctranslate2.specs import model_spec

    if not model_spec.torch_is_available:
        model_spec.torch, model_spec.torch_is_available = torch, True


def _weights(source: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return {name: array.astype(np.float32) if array.dtype == np.float16 else array
            for name, array in load_file(str(source / "model.safetensors")).items()}


def _special_tokens(source: Path) -> dict:
    """The tokenizer's named special tokens ([CLS], [SEP]...) from tokenizer_config.json or
    special_tokens_map.json, whichever the folder has."""
    tokens = {}
    for name in ("special_tokens_map.json", "tokenizer_config.json"):
        try:
            data = json.loads((source / name).read_text())
        except (OSError, ValueError):
            continue
        tokens.update({k: v if isinstance(v, str) else v.get("content") for k, v in data.items()
                       if k.endswith("_token") and isinstance(v, str | dict)})
    return tokens


def _vocabulary(source: Path) -> list[str]:
    from tokenizers import Tokenizer

    vocab = Tokenizer.from_file(str(source / "tokenizer.json")).get_vocab()
    return [token for token, _ in sorted(vocab.items(), key=lambda item: item[1])]


class _Filler:
    """Sets spec variables from the checkpoint's arrays, as ctranslate2's ModelLoader does from modules."""

    def __init__(self, weights: dict[str, np.ndarray]):
        self.w = weights

    def linear(self, spec, prefix: str) -> None:
        spec.weight = self.w[prefix + ".weight"]
        if prefix + ".bias" in self.w:
            spec.bias = self.w[prefix + ".bias"]

    def layer_norm(self, spec, prefix: str) -> None:
        spec.gamma = self.w[prefix + ".weight"]
        spec.beta = self.w[prefix + ".bias"]

    def fused(self, spec, prefixes: list[str]) -> None:
        """One linear layer from several (query, key, value), as ctranslate2's `fuse_linear` does
        (importing `ctranslate2.converters` would import transformers and torch where installed)."""
        spec.weight = np.concatenate([self.w[p + ".weight"] for p in prefixes])
        spec.bias = np.concatenate([self.w[p + ".bias"] for p in prefixes])


def _bart(source: Path, config: dict, weights: dict[str, np.ndarray]):
    common_spec, transformer_spec = _specs()

    if config.get("activation_function", "gelu") != "gelu":
        raise ValueError(f"activation {config['activation_function']!r} is not supported here")
    spec = transformer_spec.TransformerSpec.from_config(
        (config["encoder_layers"], config["decoder_layers"]), config["encoder_attention_heads"],
        pre_norm=bool(config.get("normalize_before", False)), activation=common_spec.Activation.GELU,
        layernorm_embedding=config.get("normalize_embedding", True))
    fill, shared = _Filler(weights), weights["model.shared.weight"]

    def stack(stack_spec, prefix: str) -> None:
        stack_spec.scale_embeddings = config["d_model"] ** 0.5 if config.get("scale_embedding") else 1.0
        stack_spec.position_encodings.encodings = weights[prefix + ".embed_positions.weight"][2:]  # BART's offset
        embeddings = stack_spec.embeddings
        (embeddings[0] if isinstance(embeddings, list) else embeddings).weight = shared
        fill.layer_norm(stack_spec.layernorm_embedding, prefix + ".layernorm_embedding")

    def attention(spec_, prefix: str, self_attention: bool) -> None:
        qkv = [f"{prefix}.{name}_proj" for name in "qkv"]
        if self_attention:
            fill.fused(spec_.linear[0], qkv)
        else:
            fill.fused(spec_.linear[0], qkv[:1])
            fill.fused(spec_.linear[1], qkv[1:])
        fill.linear(spec_.linear[-1], prefix + ".out_proj")

    def ffn(spec_, prefix: str) -> None:
        fill.linear(spec_.linear_0, prefix + ".fc1")
        fill.linear(spec_.linear_1, prefix + ".fc2")
        fill.layer_norm(spec_.layer_norm, prefix + ".final_layer_norm")

    for side in ("encoder", "decoder"):
        stack_spec, prefix = getattr(spec, side), f"model.{side}"
        stack(stack_spec, prefix)
        for i, layer in enumerate(stack_spec.layer):
            p = f"{prefix}.layers.{i}"
            attention(layer.self_attention, p + ".self_attn", True)
            fill.layer_norm(layer.self_attention.layer_norm, p + ".self_attn_layer_norm")
            if side == "decoder":
                attention(layer.attention, p + ".encoder_attn", False)
                fill.layer_norm(layer.attention.layer_norm, p + ".encoder_attn_layer_norm")
            ffn(layer.ffn, p)
    # the output projection: lm_head, tied to the shared embeddings unless the checkpoint has its own
    spec.decoder.projection.weight = weights.get("lm_head.weight", shared)
    bias = weights.get("final_logits_bias")
    if bias is not None and np.count_nonzero(bias):
        spec.decoder.projection.bias = bias.squeeze()

    tokens = _vocabulary(source)[:config["vocab_size"]]
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    special = _special_tokens(source)
    # a WordPiece tokenizer has no <s>/</s>: the model starts with [CLS] and ends with [SEP]
    spec.config.bos_token = special.get("bos_token") or special.get("cls_token")
    spec.config.eos_token = special.get("eos_token") or special.get("sep_token")
    spec.config.unk_token = special.get("unk_token")
    spec.config.decoder_start_token = tokens[config["decoder_start_token_id"]]
    return spec


def _bert(source: Path, config: dict, weights: dict[str, np.ndarray]):
    common_spec, transformer_spec = _specs()

    if config.get("position_embedding_type", "absolute") != "absolute" or config.get("hidden_act") != "gelu":
        raise ValueError("only BERT with absolute positions and gelu is supported here")
    # a bare BertModel's names, or those of a head model (BertFor...) under "bert."
    prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""
    w = {name[len(prefix):]: array for name, array in weights.items() if name.startswith(prefix)}
    encoder = transformer_spec.TransformerEncoderSpec(
        config["num_hidden_layers"], config["num_attention_heads"], pre_norm=False,
        activation=common_spec.Activation.GELU, layernorm_embedding=True, num_source_embeddings=2,
        embeddings_merge=common_spec.EmbeddingsMerge.ADD)
    spec = transformer_spec.TransformerEncoderModelSpec(encoder, pooling_layer=True,
                                                        pooling_activation=common_spec.Activation.Tanh)
    fill = _Filler(w)
    spec.encoder.scale_embeddings = False
    spec.encoder.embeddings[0].weight = w["embeddings.word_embeddings.weight"]
    spec.encoder.embeddings[1].weight = w["embeddings.token_type_embeddings.weight"]
    spec.encoder.position_encodings.encodings = w["embeddings.position_embeddings.weight"]
    fill.layer_norm(spec.encoder.layernorm_embedding, "embeddings.LayerNorm")
    fill.linear(spec.pooler_dense, "pooler.dense")
    for i, layer in enumerate(spec.encoder.layer):
        p = f"encoder.layer.{i}"
        fill.fused(layer.self_attention.linear[0], [f"{p}.attention.self.{n}" for n in ("query", "key", "value")])
        fill.linear(layer.self_attention.linear[1], p + ".attention.output.dense")
        fill.layer_norm(layer.self_attention.layer_norm, p + ".attention.output.LayerNorm")
        fill.linear(layer.ffn.linear_0, p + ".intermediate.dense")
        fill.linear(layer.ffn.linear_1, p + ".output.dense")
        fill.layer_norm(layer.ffn.layer_norm, p + ".output.LayerNorm")

    tokens = _vocabulary(source)
    tokens += [f"<extra_id_{i}>" for i in range(config["vocab_size"] - len(tokens))]
    spec.register_vocabulary(tokens)
    spec.config.unk_token = _special_tokens(source).get("unk_token")
    spec.config.layer_norm_epsilon = config["layer_norm_eps"]
    return spec


def convert(source: str | Path, out: str | Path, quantization: str | None) -> None:
    """Write the CTranslate2 copy of `source` into `out` (replaced) at `quantization` (int8,
    float32...), with the source's tokenizer.json beside it."""
    source, out = Path(source), Path(out)
    config = json.loads((source / "config.json").read_text())
    build = {"bart": _bart, "bert": _bert}.get(config.get("model_type"))
    if build is None:
        raise ValueError(f"model type {config.get('model_type')!r} is not one of {', '.join(MODEL_TYPES)}")
    spec = build(source, config, _weights(source))
    spec.validate()
    spec.optimize(quantization=quantization)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    spec.save(str(out))
    shutil.copy(source / "tokenizer.json", out / "tokenizer.json")
