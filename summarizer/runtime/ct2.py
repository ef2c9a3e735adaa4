"""CTranslate2 models: a mean-pooled sentence encoder and an n-best seq2seq translator.

Both take token ids from `FastTokenizer` and never import torch. CTranslate2 has no Python logits
processors: constraints are given per call (`suppress_sequences`, a vocabulary map), so
`Seq2Seq.generate_each` runs every input as its own asynchronous call with its own options, and
the translator's `inter_threads` workers take them in parallel.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from summarizer.errors import InputError
from summarizer.runtime import compute_type, cpu_threads, ct2_device, device_name
from summarizer.runtime.convert import converted
from summarizer.runtime.tokenize import FastTokenizer


def _placement(device: str | None, precision: str | None) -> dict:
    import ctranslate2

    kind, index = ct2_device(device)
    chosen = compute_type(kind, precision)
    supported = sorted(ctranslate2.get_supported_compute_types(kind, index)) + ["default", "auto"]
    if chosen not in supported:
        raise InputError(f"precision {chosen!r} is not available on {kind}; choose one of: {', '.join(supported)}")
    return {"device": kind, "device_index": index, "compute_type": chosen}


class SentenceEncoder:
    """A BERT-style encoder with attention-masked mean pooling and L2 normalisation, as
    sentence-transformers does for all-MiniLM-L6-v2. `encode(texts, batch_size) -> (n, dim)`."""

    def __init__(self, source: str | Path, device: str | None = None, precision: str | None = None,
                 max_tokens: int = 128):
        import ctranslate2

        place = _placement(device, precision)
        # int8 weights on disk load faster than float32 quantized at load time
        model_dir = converted(source, "int8" if place["compute_type"].startswith("int8") else "float32")
        self.tokenizer = FastTokenizer(model_dir)
        self.max_tokens = max_tokens
        self.model = ctranslate2.Encoder(str(model_dir), intra_threads=cpu_threads(), **place)
        self.device, self.precision = device_name(place["device"], place["device_index"]), place["compute_type"]
        # a checkpoint's config names its width; a CTranslate2 copy's does not: one forward pass tells
        hidden = json.loads((Path(source) / "config.json").read_text()).get("hidden_size")
        self.dim = int(hidden or self.model.forward_batch(self.tokenizer.encode_batch([""], max_tokens))
                       .last_hidden_state.shape[-1])

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        import ctranslate2

        order = np.argsort([-len(t) for t in texts], kind="stable")  # similar lengths per batch: less padding
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i in range(0, len(texts), batch_size):
            idx = order[i:i + batch_size]
            ids = self.tokenizer.encode_batch([texts[j] for j in idx], self.max_tokens)
            states = self.model.forward_batch(ids).last_hidden_state
            if states.device != "cpu":       # numpy reads host memory only
                states = states.to(ctranslate2.DataType.float32).to_device(ctranslate2.Device.cpu)
            states = np.asarray(states, dtype=np.float32)
            lengths = np.array([len(x) for x in ids])
            mask = (np.arange(states.shape[1])[None, :] < lengths[:, None])[..., None]
            pooled = (states * mask).sum(1) / lengths[:, None]
            out[idx] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


@dataclass
class Request:
    """One input's decoding: its ids, its longest output (tokens, end token included), the token
    sequences it must not produce, the only tokens it may produce (`allowed`: every other one is
    suppressed; None: no such limit), and whether the vocabulary map restricts it to its own tokens."""
    ids: list[int]
    max_length: int
    suppress: list[list[int]] = field(default_factory=list)
    own_vocabulary: bool = False
    disable_unk: bool = False
    allowed: set[int] | None = None

    def __post_init__(self):
        # CTranslate2 4.8 applies suppressed ids to the map-reduced vocabulary (wrong tokens, heap
        # corruption): never both
        if self.own_vocabulary and (self.suppress or self.disable_unk or self.allowed is not None):
            raise ValueError("a request under the vocabulary map cannot suppress tokens")


@dataclass
class Hypothesis:
    ids: list[int]
    score: float      # log-probability per token (end token included), as transformers ranks beams


class Seq2Seq:
    """An encoder-decoder (BART, T5...) converted into the cache. `always_allowed` token ids, when
    given, are allowed in every output of a request with `own_vocabulary` (the fusion closed list)."""

    def __init__(self, source: str | Path, device: str | None = None, precision: str | None = None,
                 always_allowed: list[int] | None = None):
        import ctranslate2

        from summarizer.runtime.convert import write_vocabulary_map

        place = _placement(device, precision)
        model_dir = converted(source, "int8" if place["compute_type"].startswith("int8") else "float32")
        self.tokenizer = FastTokenizer(model_dir)
        if always_allowed is not None:
            write_vocabulary_map(model_dir, self.tokenizer.vocabulary(), self.tokenizer.tokens(always_allowed))
        threads = cpu_threads()
        # on CPU, small decodes side by side beat one decode on all cores (2 cores, 61 fact groups,
        # beam 6: 8.6 s with 2 workers of 1 thread, 13.3 s with 1 worker of 2 threads)
        inter = 1 if place["device"] != "cpu" else min(4, threads)
        self.model = ctranslate2.Translator(str(model_dir), inter_threads=inter,
                                            intra_threads=max(1, threads // inter), **place)
        self.workers = inter
        self.device, self.precision = device_name(place["device"], place["device_index"]), place["compute_type"]

    def generate_each(self, requests: list[Request], num_beams: int, num_hypotheses: int,
                      no_repeat_ngram_size: int = 0) -> list[list[Hypothesis]]:
        """Beam search per request, `num_hypotheses` best first."""
        tokens = self.tokenizer.tokens
        pending = [self.model.translate_batch(
            [tokens(r.ids)], beam_size=num_beams, num_hypotheses=num_hypotheses,
            no_repeat_ngram_size=no_repeat_ngram_size, max_input_length=0,
            # transformers forces the end token at max_new_tokens: the same room for words
            max_decoding_length=max(1, r.max_length - 1),
            suppress_sequences=self.tokenizer.suppression(r.suppress, r.allowed) or None,
            use_vmap=r.own_vocabulary, disable_unk=r.disable_unk,
            return_scores=True, return_end_token=True, asynchronous=True) for r in requests]
        token_id = self.tokenizer.token_id
        return [[Hypothesis([token_id(t) for t in h], s) for h, s in zip(out.hypotheses, out.scores)]
                for out in (p[0].result() for p in pending)]

    def score(self, inputs: list[list[int]], outputs: list[list[int]]) -> list[np.ndarray]:
        """The log-probability of each output id and of the end token after them, given its input
        (outputs without their end id: it is added here)."""
        tokens = self.tokenizer.tokens
        # one batch a worker (each worker has one thread on CPU): the workers score side by side
        per_worker = max(1, min(16, -(-len(inputs) // self.workers)))
        results = self.model.score_batch([tokens(i) for i in inputs], [tokens(o) for o in outputs],
                                         max_input_length=0, max_batch_size=per_worker, asynchronous=True)
        return [np.asarray(r.result().log_probs, dtype=np.float32) for r in results]

    def translate(self, inputs: list[list[int]], prefix: list[int] | None = None, **options) -> list[list[int]]:
        """The best output ids per input, all in one call (no per-input constraints), e.g. for the
        `hf` engine. `options` are `translate_batch`'s (beam_size, max_decoding_length...)."""
        tokens = self.tokenizer.tokens
        results = self.model.translate_batch([tokens(ids) for ids in inputs], max_input_length=0,
                                             target_prefix=[tokens(prefix)] * len(inputs) if prefix else None,
                                             **options)
        token_id = self.tokenizer.token_id
        return [[token_id(t) for t in r.hypotheses[0]] for r in results]
