"""The CTranslate2 backend: same vectors and same greedy rewrites as transformers, the decoding
constraints kept, the conversion cache, backend choice, and no torch on the default cold path."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, SEEDS, require_shared

from summarizer.errors import InputError

FUSION_MODEL = REPO / "summarizer" / "models" / "fusion-minilm"
GROUPS = json.loads((REPO / "tests" / "fixtures" / "fusion_groups.json").read_text())


def seed_sentences() -> list[str]:
    require_shared(SEEDS[0]) if SEEDS else pytest.skip("seed cluster not found")
    text = " ".join(p.read_text() for p in SEEDS)
    return sorted({s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 20})


# ---- backend choice -------------------------------------------------------------------------------
def test_an_unknown_backend_is_a_clear_error(monkeypatch):
    from summarizer import Summarizer
    from summarizer.runtime import requested_backend

    with pytest.raises(InputError, match="unknown backend 'gpu'; choose one of: auto, ct2, torch"):
        Summarizer(engine="extractive", backend="gpu")
    monkeypatch.setenv("MDS_BACKEND", "onnx")
    with pytest.raises(InputError, match=r"unknown \$MDS_BACKEND 'onnx'"):
        requested_backend(None)
    assert requested_backend("torch") == "torch"       # the argument wins over the variable


def test_cli_rejects_an_unknown_backend_before_loading_anything():
    code = ("import sys; from summarizer.cli import main\n"
            "print('exit', main(['summarize', '-', '--backend', 'gpu']))\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'transformers', 'ctranslate2'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "exit 2" in out.stdout and "[]" in out.stdout
    assert "invalid choice: 'gpu'" in out.stderr


def test_gpu_gets_float16_and_cpu_int8(monkeypatch):
    from summarizer.runtime import compute_type

    monkeypatch.delenv("MDS_PRECISION", raising=False)
    assert compute_type("cuda") == "float16"
    assert compute_type("cpu") == "int8"
    assert compute_type("cpu", "float32") == "float32"
    monkeypatch.setenv("MDS_PRECISION", "float32")
    assert compute_type("cpu") == "float32"


def test_an_unknown_precision_is_a_clear_error():
    from summarizer.pipeline.embed import Embedder

    with pytest.raises(InputError, match="precision 'int3' is not available on cpu; choose one of: .*int8"):
        Embedder(backend="ct2", precision="int3")


# ---- conversion cache -----------------------------------------------------------------------------
@pytest.mark.slow
def test_conversion_runs_once_per_model_version_and_says_so(tmp_path, monkeypatch, capfd):
    from summarizer.pipeline.embed import minilm_weights
    from summarizer.runtime.convert import converted, source_checksum

    monkeypatch.setenv("MDS_CACHE", str(tmp_path))
    out = converted(minilm_weights(), "int8")
    assert "converting" in capfd.readouterr().err
    assert (out / "model.bin").is_file() and (out / "tokenizer.json").is_file()
    assert json.loads((out / "source.json").read_text())["checksum"] == source_checksum(minilm_weights())
    assert source_checksum(minilm_weights()) in str(out)
    assert converted(minilm_weights(), "int8") == out
    assert capfd.readouterr().err == ""                # second use: nothing converted, nothing said


# ---- encoder ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def torch_vectors():
    from summarizer.pipeline.embed import Embedder

    sentences = seed_sentences()
    return sentences, Embedder(backend="torch").encode(sentences)


@pytest.mark.slow
@pytest.mark.parametrize("precision, min_cosine", [("float32", 0.9999), ("int8", 0.99)])
def test_ct2_encoder_vectors_match_transformers(torch_vectors, precision, min_cosine):
    from summarizer.pipeline.embed import Embedder

    sentences, reference = torch_vectors
    vectors = Embedder(backend="ct2", precision=precision).encode(sentences)
    assert vectors.shape == reference.shape == (len(sentences), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert (vectors * reference).sum(1).min() >= min_cosine


# ---- fusion decoding ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def torch_fusion():
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    return AutoTokenizer.from_pretrained(FUSION_MODEL), AutoModelForSeq2SeqLM.from_pretrained(FUSION_MODEL).float().eval()


@pytest.fixture(scope="module")
def ct2_fusion_fp32():
    from summarizer.fusion.decoding import closed_ids
    from summarizer.runtime.ct2 import Seq2Seq
    from summarizer.runtime.tokenize import FastTokenizer

    tokenizer = FastTokenizer(FUSION_MODEL)
    return Seq2Seq(FUSION_MODEL, "cpu", "float32", always_allowed=closed_ids(tokenizer))


@pytest.mark.slow
@pytest.mark.parametrize("constrain", [False, True])
def test_ct2_greedy_rewrites_are_identical_to_transformers_fp32(torch_fusion, ct2_fusion_fp32, constrain):
    import torch
    from transformers import LogitsProcessorList

    from summarizer.engines.fusion import max_new_tokens
    from summarizer.fusion.decoding import SourceVocabulary, closed_ids, ct2_candidates

    hf_tokenizer, model = torch_fusion
    tokenizer = ct2_fusion_fp32.tokenizer
    closed = closed_ids(tokenizer) if constrain else None
    for group in GROUPS:
        enc = hf_tokenizer([group["input"]], return_tensors="pt", truncation=True, max_length=512)
        processors = LogitsProcessorList([SourceVocabulary.for_inputs(hf_tokenizer, enc["input_ids"], 1, 30522)]
                                         if constrain else [])
        with torch.inference_mode():
            ids = model.generate(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], num_beams=1,
                                 no_repeat_ngram_size=3, max_new_tokens=max_new_tokens(group["anchor_words"]),
                                 logits_processor=processors)
        expected = hf_tokenizer.decode(ids[0], skip_special_tokens=True).strip()
        got = ct2_candidates(ct2_fusion_fp32, tokenizer.encode_batch([group["input"]], 512),
                             [max_new_tokens(group["anchor_words"])], 1, 1, 3, closed, None)[0]
        assert tokenizer.decode(got[0]) == expected


@pytest.mark.slow
def test_ct2_n_best_keeps_the_source_vocabulary_and_blocks_loaded_terms(ct2_fusion_fp32):
    from summarizer.fusion.decoding import LoadedTermBlocker, closed_ids, ct2_candidates

    tokenizer = ct2_fusion_fp32.tokenizer
    blocker = LoadedTermBlocker.for_tokenizer(tokenizer)
    closed = set(closed_ids(tokenizer))
    texts = [g["input"] for g in GROUPS[:4]] + [
        "The tyrant slammed his rivals on Monday in a long speech to parliament in the capital city.",
        'Protesters called him "a tyrant" on Monday [SEP] The tyrant spoke to parliament on Monday.']
    inputs = tokenizer.encode_batch(texts, 512)
    candidates = ct2_candidates(ct2_fusion_fp32, inputs, [40] * len(inputs), 6, 6, 3, sorted(closed), blocker)
    tyrant = tokenizer("tyrant", add_special_tokens=False)["input_ids"]
    for ids, cands in zip(inputs, candidates):
        assert 1 < len(cands) <= 6 and len({tuple(c) for c in cands}) == len(cands)
        for c in cands:
            assert set(c) <= set(ids) | closed                   # only the input's word pieces + the closed list
            assert blocker.allows(c)                             # no loaded term outside quotations
    assert not any(set(tyrant) <= set(c) for c in candidates[4])    # no quotation there: never "tyrant"


# ---- cold path ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_default_summarize_converts_once_with_numpy_and_imports_neither_torch_nor_transformers(seed_paths, tmp_path):
    code = ("import sys, contextlib, io\nfrom summarizer.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            f"    rc = main(['summarize', *{[str(p) for p in seed_paths]!r}])\n"
            "print(rc, len(out.getvalue()) > 200)\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'transformers'}))")
    env = {k: v for k, v in os.environ.items() if k not in ("MDS_BACKEND", "MDS_PRECISION")}
    env["MDS_CACHE"] = str(tmp_path)     # an empty cache, as after a plain `pip install`
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert out.stdout.splitlines()[-2:] == ["0 True", "[]"], out.stderr[-2000:]
    converting = [line for line in out.stderr.splitlines() if "converting" in line]
    assert len(converting) == 2 and all("numpy" in line for line in converting), out.stderr[-2000:]
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert again.stdout.splitlines()[-2:] == ["0 True", "[]"] and "converting" not in again.stderr


def test_help_answers_before_any_model_import():
    code = ("import sys, contextlib, io\nfrom summarizer.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['summarize', '--help'])\n    except SystemExit:\n        pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'torch', 'transformers', 'ctranslate2', 'tokenizers', 'spacy', 'sklearn'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr[-2000:]


def test_torch_backend_still_serves_the_encoder():
    from summarizer.pipeline.embed import Embedder
    from summarizer.runtime.ct2 import SentenceEncoder

    assert not isinstance(Embedder(backend="torch")._model, SentenceEncoder)
    assert isinstance(Embedder(backend="auto")._model, SentenceEncoder)


def test_the_converted_copy_lives_in_the_user_cache_not_the_repo():
    from summarizer.runtime.convert import cache_root, converted_dir

    where = converted_dir(FUSION_MODEL, "int8")
    assert cache_root() in where.parents and REPO not in where.parents
    assert not list(Path(FUSION_MODEL).glob("*.bin"))


@pytest.mark.slow
def test_a_bundled_copy_from_training_is_used_without_converting(tmp_path, monkeypatch, capfd):
    import shutil

    from summarizer.runtime.convert import converted, export

    folder = tmp_path / "my-fusion"
    shutil.copytree(FUSION_MODEL, folder)
    monkeypatch.setenv("MDS_CACHE", str(tmp_path / "cache"))
    bundled = export(folder, "int8")
    capfd.readouterr()
    assert converted(folder, "int8") == bundled and capfd.readouterr().err == ""
    (folder / "config.json").write_text((folder / "config.json").read_text() + "\n")   # the model changed
    assert converted(folder, "int8") != bundled and "converting" in capfd.readouterr().err


# ---- hf engine on CTranslate2 (opt-in) --------------------------------------------------------------
def test_hf_engine_runs_on_ct2_when_asked_and_stays_on_torch_by_default(tiny_flan_t5, hashing_embedder, monkeypatch):
    from summarizer.engines.hf import HFEngine

    monkeypatch.delenv("MDS_BACKEND", raising=False)
    docs = ["The city council approved the new budget on Monday after a long debate. The mayor said the vote was good.",
            "On Monday the council approved a budget of 4 million dollars. Residents were divided over the plan."]
    outputs = {}
    for backend in ("auto", "ct2"):
        # float32 on ct2: random tiny weights give near-uniform logits, which int8 rounding flips
        # differently from CPU to CPU (it did on an AMD EPYC); the conversion is what is compared here
        engine = HFEngine(model=str(tiny_flan_t5), embedder=hashing_embedder, num_beams=1, backend=backend,
                          precision="float32" if backend == "ct2" else None)
        assert (engine.translator is not None) == (backend == "ct2")
        packed, _ = engine.pack_documents(docs)
        outputs[backend] = engine.generate([packed], 40, 10)[0]
    # near-ties may still flip late tokens, so compare the length and the opening
    assert len(outputs["ct2"].split()) == len(outputs["auto"].split())
    assert outputs["ct2"].split()[:10] == outputs["auto"].split()[:10]


def test_hf_engine_on_ct2_refuses_what_ctranslate2_cannot_run(tiny_led, tiny_flan_t5, hashing_embedder):
    from summarizer.engines.hf import HFEngine
    from summarizer.errors import ModelError

    with pytest.raises(ModelError, match="cannot run global attention"):
        HFEngine(model=str(tiny_led), embedder=hashing_embedder, backend="ct2")
    with pytest.raises(ModelError, match="cannot run generate options do_sample"):
        HFEngine(model=str(tiny_flan_t5), embedder=hashing_embedder, backend="ct2", do_sample=True)
