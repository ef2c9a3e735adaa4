"""A cluster file's "focus" and `--option KEY=VALUE` engine options in `mds eval run` and `mds batch`:
they reach the engine exactly as the API's `focus=` and `Summarizer(**options)` do, the eval cache
tells them apart, and a bad one is one error line before any model loads."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import InputError
from summarizer.cli import main

SUMMIT = [
    "The two leaders met in Geneva on Tuesday for talks that lasted four hours. They agreed to extend the arms "
    "control treaty for five more years. On satellites, both sides promised not to test weapons that destroy them "
    "in orbit. Trade was not discussed at the meeting, officials said.",
    "Presidents of both countries held a summit in Geneva on Tuesday. The arms treaty will be extended by five "
    "years, the two leaders announced. Neither side will test anti-satellite missiles, according to a joint "
    "statement about space. Protesters gathered outside the villa during the talks.",
    "A Geneva summit on Tuesday ended with an agreement to extend the arms control treaty. The leaders also pledged "
    "to stop testing weapons against satellites in space. Police kept protesters away from the lakeside villa "
    "where the talks took place.",
]
REFERENCE = "The leaders agreed in Geneva to extend the arms treaty and not to test anti-satellite weapons."
SATELLITES = "What did the leaders say about satellites?"
PROTESTS = "Who protested?"
WORDS = 35   # at this budget the focus, and strategy=mmr, each change the extractive summary


def write_clusters(path: Path, focus: object = SATELLITES) -> Path:
    """The same reports twice: "generic" without a focus, "focused" with one."""
    rows = [{"id": "generic", "documents": SUMMIT, "references": [REFERENCE]},
            {"id": "focused", "documents": SUMMIT, "references": [REFERENCE], "focus": focus}]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def lines(summary) -> str:
    """A Summary as `mds eval run` predictions hold it: one sentence per line."""
    return "\n".join(s.text for s in summary.sentences)


@pytest.fixture(scope="module")
def mmr(embedder):
    from summarizer import Summarizer

    return Summarizer(engine="extractive", embedder=embedder, strategy="mmr")


@pytest.fixture
def computed(monkeypatch) -> list[str]:
    """The ids of the clusters `mds eval run` summarizes (rather than reads from its cache)."""
    import summarizer.evaluation.runner as runner

    ids: list[str] = []
    real = runner.summarize_group

    def counting(system, clusters, *args, **kwargs):
        ids.extend(f"{system.name}/{c['id']}" for c in clusters)
        return real(system, clusters, *args, **kwargs)

    monkeypatch.setattr(runner, "summarize_group", counting)
    return ids


# ---- mds eval run ------------------------------------------------------------------------------------------
def eval_run(tmp_path: Path, data: Path, *extra) -> int:
    return main(["eval", "run", "--data", str(data), "--out", str(tmp_path / "out"), "--no-progress", "--n-boot", "50",
                 "--system", "extractive", "--system", "lead", "--max-words", str(WORDS), *map(str, extra)])


def predictions(tmp_path: Path, system: str) -> dict[str, str]:
    path = tmp_path / "out" / "predictions" / f"{system}.jsonl"
    return {r["id"]: r["summary"] for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def cached(tmp_path: Path, system: str, cluster_id: str) -> dict:
    return json.loads((tmp_path / "out" / "cache" / system / f"{cluster_id}.json").read_text(encoding="utf-8"))


def test_eval_run_gives_the_cluster_focus_to_the_engine_as_the_api_does(tmp_path, extractive, computed, capsys):
    assert eval_run(tmp_path, write_clusters(tmp_path / "summit.jsonl")) == 0
    summaries = predictions(tmp_path, "extractive")
    assert summaries["focused"] == lines(extractive.summarize(SUMMIT, max_words=WORDS, focus=SATELLITES))
    assert summaries["generic"] == lines(extractive.summarize(SUMMIT, max_words=WORDS))
    assert summaries["focused"] != summaries["generic"]
    baseline = predictions(tmp_path, "lead")
    assert baseline["focused"] == baseline["generic"]  # baselines ignore the focus
    assert cached(tmp_path, "extractive", "focused")["focus"] == SATELLITES
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["config"]["focused_clusters"] == 1 and results["config"]["options"] == {}
    assert "1 of 2 clusters with a focus" in (tmp_path / "out" / "results.md").read_text(encoding="utf-8")

    computed.clear()   # another focus: that cluster is summarized again, and only by the engine
    assert eval_run(tmp_path, write_clusters(tmp_path / "summit-protests.jsonl", PROTESTS)) == 0
    assert computed == ["extractive/focused"]
    assert cached(tmp_path, "extractive", "focused")["focus"] == PROTESTS
    assert predictions(tmp_path, "extractive")["focused"] == lines(
        extractive.summarize(SUMMIT, max_words=WORDS, focus=PROTESTS))


def test_eval_run_options_reach_the_engine_are_recorded_and_recompute_the_cache(
        tmp_path, extractive, mmr, computed, capsys):
    data = write_clusters(tmp_path / "summit.jsonl")
    assert eval_run(tmp_path, data) == 0
    default = predictions(tmp_path, "extractive")
    computed.clear()
    assert eval_run(tmp_path, data, "--option", "strategy=mmr") == 0
    assert sorted(computed) == ["extractive/focused", "extractive/generic"]  # the lead baseline: from its cache
    summaries = predictions(tmp_path, "extractive")
    assert summaries["generic"] == lines(mmr.summarize(SUMMIT, max_words=WORDS)) != default["generic"]
    assert summaries["focused"] == lines(mmr.summarize(SUMMIT, max_words=WORDS, focus=SATELLITES))
    assert cached(tmp_path, "extractive", "generic")["options"] == {"strategy": "mmr"}
    assert cached(tmp_path, "lead", "generic")["options"] == {}
    results = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert results["config"]["options"] == {"strategy": "mmr"}
    assert "engine options `strategy=mmr`" in (tmp_path / "out" / "results.md").read_text(encoding="utf-8")

    computed.clear()   # the same options again: all from the cache
    assert eval_run(tmp_path, data, "--option", "strategy=mmr") == 0
    assert computed == []


@pytest.mark.parametrize("extra, message", [
    (["--option", "strategy"], "engine option 'strategy' is not KEY=VALUE"),
    (["--option", "=mmr"], "engine option '=mmr' is not KEY=VALUE"),
    (["--option", "bogus=1"], "the extractive engine has no option 'bogus'; its options: "),
    (["--option", "strategy=best"], "unknown selection strategy 'best'"),
    (["--option", "strategy=mmr", "--system", "engine:lead"], "the lead engine takes no options"),
])
def test_eval_run_refuses_a_bad_option_before_any_model_loads(tmp_path, capsys, monkeypatch, extra, message):
    import summarizer.evaluation.runner as runner

    def no_model(*args, **kwargs):
        raise AssertionError("a system was built")

    monkeypatch.setattr(runner, "build_system", no_model)
    assert eval_run(tmp_path, write_clusters(tmp_path / "summit.jsonl"), *extra) == 2
    err = capsys.readouterr().err
    assert err.startswith("mds: error: ") and message in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("focus, kind", [(["satellites"], "list"), (3, "int")])
def test_a_focus_that_is_not_text_names_the_file_line_and_field(tmp_path, capsys, focus, kind):
    data = write_clusters(tmp_path / "summit.jsonl", focus)
    assert main(["eval", "run", "--data", str(data), "--out", str(tmp_path / "out"), "--system", "lead"]) == 2
    assert f'mds: error: summit.jsonl line 2: "focus" must be text, got {kind}' in capsys.readouterr().err


# ---- mds batch ---------------------------------------------------------------------------------------------
def batch(tmp_path: Path, data: Path, *extra) -> list[dict]:
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(data), "--out", str(out), "--engine", "extractive", "--max-words", str(WORDS),
                 "--no-progress", *map(str, extra)])
    assert code in (0, 1)   # 1: a cluster failed
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_batch_gives_the_cluster_focus_to_the_engine_as_the_api_does(tmp_path, extractive, capsys):
    generic, focused = batch(tmp_path, write_clusters(tmp_path / "summit.jsonl"))
    assert focused["summary"] == extractive.summarize(SUMMIT, max_words=WORDS, focus=SATELLITES).summary
    assert generic["summary"] == extractive.summarize(SUMMIT, max_words=WORDS).summary
    assert focused["summary"] != generic["summary"]
    assert focused["focus"] == SATELLITES and "focus" not in generic   # the output says what was asked


def test_batch_options_reach_the_engine(tmp_path, extractive, mmr, capsys):
    generic, focused = batch(tmp_path, write_clusters(tmp_path / "summit.jsonl"), "--option", "strategy=mmr")
    assert generic["summary"] == mmr.summarize(SUMMIT, max_words=WORDS).summary
    assert generic["summary"] != extractive.summarize(SUMMIT, max_words=WORDS).summary
    assert focused["summary"] == mmr.summarize(SUMMIT, max_words=WORDS, focus=SATELLITES).summary


def test_batch_names_a_cluster_whose_focus_is_not_text_and_summarizes_the_others(tmp_path, capsys):
    generic, focused = batch(tmp_path, write_clusters(tmp_path / "summit.jsonl", {"q": "satellites"}))
    assert generic["summary"] and focused["summary"] is None
    assert focused["where"] == "summit.jsonl line 2" and focused["error"] == '"focus" must be text, got dict'
    assert """summit.jsonl line 2 (id 'focused'): "focus" must be text, got dict""" in capsys.readouterr().err


@pytest.mark.parametrize("engine, option, message", [
    ("extractive", "strategy", "engine option 'strategy' is not KEY=VALUE"),
    ("extractive", "mmr=0.5", "the extractive engine has no option 'mmr'"),
    ("fusion", "bogus=true", "the fusion engine has no option 'bogus'"),
    ("fusion", "strategy=best", "unknown selection strategy 'best'"),
    ("lead", "strategy=mmr", "the lead engine takes no options"),
])
def test_batch_refuses_a_bad_option_before_reading_or_loading(tmp_path, capsys, monkeypatch, engine, option, message):
    import summarizer.batch as batch_module

    def no_model(settings):
        raise AssertionError("a summarizer was built")

    monkeypatch.setattr(batch_module, "build_summarizer", no_model)
    code = main(["batch", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "out.jsonl"),
                 "--engine", engine, "--option", option, "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("mds: error: ") and message in err and "Traceback" not in err


# ---- one parser, one check -----------------------------------------------------------------------------------
def test_engine_options_parse_to_numbers_bools_and_text():
    from summarizer.engines import parse_engine_options

    assert parse_engine_options(["strategy=mmr", "budget_stretch=2.0", "overflow=true", "min_words=4",
                                 "verify=False", "precision=int8_float32", "mmr_lambda=.6", "strategy=coverage"]) == \
        {"strategy": "coverage", "budget_stretch": 2.0, "overflow": True, "min_words": 4, "verify": False,
         "precision": "int8_float32", "mmr_lambda": 0.6}
    assert isinstance(parse_engine_options(["min_words=4"])["min_words"], int)
    assert parse_engine_options(["model_note=a=b"]) == {"model_note": "a=b"}   # the first "=" splits
    for bad in ("strategy", "", "=1"):
        with pytest.raises(InputError, match="is not KEY=VALUE"):
            parse_engine_options([bad])


def test_the_api_refuses_an_unknown_fusion_option_before_loading_the_model():
    from summarizer import Summarizer

    with pytest.raises(InputError, match="the fusion engine has no option 'bogus'; its options: .*budget_stretch"):
        Summarizer(engine="fusion", model="/nonexistent", embedder=object(), bogus=1)
