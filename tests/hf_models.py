"""Tiny random-weight seq2seq models built from the real configs and tokenizers in
../shared/tokenizers/, a hashing embedder and hand-built clusters, for the `hf` engine tests.

The models keep the real vocabulary, special tokens and position limits (so packing, separators
and input budgets behave as with the real checkpoints) but have d_model 32 and one layer each, so
a generation takes milliseconds. Their output is gibberish: tests check mechanics, not quality.
"""
from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TOKENIZERS = SHARED / "tokenizers"
DUC_DOCS = SHARED / "data" / "duc2006" / "docs"

TINY = {
    "bart": dict(d_model=32, encoder_layers=1, decoder_layers=1, num_hidden_layers=1,
                 encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64, decoder_ffn_dim=64),
    "t5": dict(d_model=32, d_kv=16, d_ff=64, num_layers=1, num_decoder_layers=1, num_heads=2),
}


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared tokenizers/data not found at {path}")
    return path


def build_tiny_model(name: str, out_dir: Path, seed: int = 0) -> Path:
    """Shrink the config of ../shared/tokenizers/<name>, init seeded random weights, save the
    model with its real tokenizer into `out_dir`; returns `out_dir`."""
    import torch
    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer

    source = _require(TOKENIZERS / name)
    config = AutoConfig.from_pretrained(source)
    for key, value in TINY[config.model_type].items():
        setattr(config, key, value)
    torch.manual_seed(seed)
    model = AutoModelForSeq2SeqLM.from_config(config)
    model.save_pretrained(out_dir)
    AutoTokenizer.from_pretrained(source).save_pretrained(out_dir)
    return out_dir


def build_tiny_led(out_dir: Path, seed: int = 0) -> Path:
    """A PRIMERA-like LED: BART's tokenizer plus a <doc-sep> special token, 2048 input positions,
    a 16-token local attention window (so global attention really matters)."""
    import torch
    from transformers import AutoTokenizer, LEDConfig, LEDForConditionalGeneration

    tokenizer = AutoTokenizer.from_pretrained(_require(TOKENIZERS / "bart-large-cnn"))
    tokenizer.add_tokens(["<doc-sep>"], special_tokens=True)
    tokenizer.model_max_length = 2048
    config = LEDConfig(vocab_size=len(tokenizer), d_model=32, encoder_layers=1, decoder_layers=1,
                       encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=64,
                       decoder_ffn_dim=64, max_encoder_position_embeddings=2048,
                       max_decoder_position_embeddings=256, attention_window=[16],
                       pad_token_id=tokenizer.pad_token_id, bos_token_id=0, eos_token_id=2,
                       decoder_start_token_id=2)
    torch.manual_seed(seed)
    LEDForConditionalGeneration(config).save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


class HashingEmbedder:
    """Stand-in for MiniLM: L2-normalised bag of hashed lowercase words (fast, deterministic)."""

    dim = 256

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, zlib.crc32(word.encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


def make_cluster(texts: list[str], embedder=None, names: list[str] | None = None):
    """A PreparedCluster built by hand (no cleaning): documents, sentences, embeddings."""
    from summarizer.pipeline.prepare import PreparedCluster
    from summarizer.pipeline.segment import split_sentences
    from summarizer.types import CleanDocument

    embedder = embedder or HashingEmbedder()
    docs = [CleanDocument(index=i, name=(names[i] if names else f"doc{i + 1}.txt"), text=t, raw=t)
            for i, t in enumerate(texts)]
    sentences = [s for d in docs for s in split_sentences(d)]
    return PreparedCluster(documents=docs, removed=[], warnings=[], sentences=sentences,
                           embeddings=embedder.encode([s.text for s in sentences]), facts=[])


def duc_texts(topic: str = "D0601A") -> list[str]:
    """The <TEXT> bodies of one DUC 2006 topic (paragraphs on their own lines)."""
    folder = _require(DUC_DOCS / topic)
    texts = []
    for path in sorted(folder.iterdir()):
        raw = path.read_text(encoding="latin-1")
        body = " ".join(re.findall(r"<TEXT>(.*?)</TEXT>", raw, flags=re.S))
        paragraphs = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"</?P>", body)]
        texts.append("\n".join(p for p in paragraphs if p))
    return texts


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory) -> Path:
    return build_tiny_model("bart-large-cnn", tmp_path_factory.mktemp("tiny-bart"))


@pytest.fixture(scope="session")
def tiny_t5(tmp_path_factory) -> Path:
    return build_tiny_model("t5-small", tmp_path_factory.mktemp("tiny-t5"))


@pytest.fixture(scope="session")
def tiny_flan_t5(tmp_path_factory) -> Path:
    return build_tiny_model("flan-t5-large", tmp_path_factory.mktemp("tiny-flan-t5"))


@pytest.fixture(scope="session")
def tiny_led(tmp_path_factory) -> Path:
    return build_tiny_led(tmp_path_factory.mktemp("tiny-led"))


@pytest.fixture(scope="session")
def hashing_embedder() -> HashingEmbedder:
    return HashingEmbedder()
