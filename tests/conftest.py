"""Shared fixtures: repo paths, the shared data folder, one extractive Summarizer per session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# CTranslate2's int8 kernels round differently by CPU: MKL on an Intel CPU with AMX (as on some CI machines)
# and oneDNN on an AMD one decode the seed cluster into different fusion summaries. The suite pins the
# portable kernels (oneDNN, AVX2) so that its expectations hold on any x86 machine; the product keeps the
# fastest kernels of the CPU it runs on (MKL is 1.5-2x faster on an Intel one).
from summarizer.runtime import pin_portable_kernels  # noqa: E402 - light: no ctranslate2 yet

pin_portable_kernels()

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))


def require_shared(path: Path) -> Path:
    """Skip (with the reason) when the shared data beside the repo is missing."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return require_shared(DATA)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    require_shared(DATA / "seeds")
    return SEEDS


@pytest.fixture(scope="session")
def embedder():
    from summarizer.pipeline.embed import Embedder

    return Embedder()


@pytest.fixture(scope="session")
def extractive(embedder):
    from summarizer import Summarizer

    return Summarizer(engine="extractive", embedder=embedder)


# Tiny random-weight BART/T5/LED models for the hf engine tests (built once per session).
from hf_models import hashing_embedder, tiny_bart, tiny_flan_t5, tiny_led, tiny_t5  # noqa: E402,F401
