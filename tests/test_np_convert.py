"""The numpy converter writes the same CTranslate2 copies as ctranslate2's transformers converter."""
from __future__ import annotations

import json

import pytest
from conftest import REPO

from summarizer.runtime import np_convert

FUSION_MODEL = REPO / "summarizer" / "models" / "fusion-minilm"


def _minilm():
    from summarizer.pipeline.embed import minilm_weights

    return minilm_weights()


@pytest.mark.slow
@pytest.mark.parametrize("model", ["fusion", "minilm"])
@pytest.mark.parametrize("quantization", ["int8", "float32"])
def test_numpy_and_transformers_converters_write_the_same_bytes(model, quantization, tmp_path):
    pytest.importorskip("torch", reason="the reference converter needs the [hf] extra")
    pytest.importorskip("transformers", reason="the reference converter needs the [hf] extra")
    from summarizer.runtime.convert import _convert_with_transformers

    source = FUSION_MODEL if model == "fusion" else _minilm()
    np_convert.convert(source, tmp_path / "numpy", quantization)
    _convert_with_transformers(source, tmp_path / "reference", quantization)
    names = sorted(p.name for p in (tmp_path / "reference").iterdir())
    assert sorted(p.name for p in (tmp_path / "numpy").iterdir()) == names
    for name in names:
        assert (tmp_path / "numpy" / name).read_bytes() == (tmp_path / "reference" / name).read_bytes(), name


def test_only_bart_and_bert_in_safetensors_convert_with_numpy(tmp_path):
    assert np_convert.supports(FUSION_MODEL) and np_convert.supports(_minilm())
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "t5"}))
    (tmp_path / "tokenizer.json").write_text("{}")
    (tmp_path / "model.safetensors").write_bytes(b"")
    assert not np_convert.supports(tmp_path)
    with pytest.raises(ValueError, match="'t5' is not one of bart, bert"):
        np_convert.convert(tmp_path, tmp_path / "out", "int8")
