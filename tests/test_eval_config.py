"""`mds eval run --config`: the evaluations in eval/*.toml, what each key stands for, clear errors for
a bad config, and the seeds config run end to end."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.cli import build_parser, main
from summarizer.evaluation.cli import check_run_args
from summarizer.evaluation.config import KEYS, expand_config
from summarizer.text import word_count

REPO = Path(__file__).resolve().parents[1]
CONFIGS = sorted((REPO / "eval").glob("*.toml"))
SEEDS = REPO.parent / "shared" / "data" / "seeds"


def parsed(*argv):
    return build_parser().parse_args(expand_config(["eval", "run", *map(str, argv)]))


def test_the_promised_evaluations_are_there_each_with_its_recorded_results():
    names = {p.stem for p in CONFIGS}
    assert names >= {"seeds", "neus-val", "multinews-val500", "duc2006-focused", "duc2006-generic"}
    for config in CONFIGS:
        recorded = config.with_suffix(".md")
        assert recorded.is_file(), f"{config.name} has no recorded results beside it"
        text = recorded.read_text(encoding="utf-8")
        assert f"mds eval run --config eval/{config.name}" in text and "at commit " in text, recorded.name


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.name)
def test_every_config_parses_into_valid_eval_run_arguments(config):
    args = parsed("--config", config)
    systems, compare_to = check_run_args(args)   # what `mds eval run` checks before loading anything
    assert systems and compare_to == systems[0]
    assert args.data and args.out and str(args.out).startswith("runs/")
    assert args.max_words >= 10


def test_every_config_key_is_an_eval_run_option():
    run_help = _run_help(build_parser())
    for key, (option, _) in KEYS.items():
        assert option in run_help, key


def _run_help(parser) -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        parser.parse_args(["eval", "run", "--help"])
    return out.getvalue()


def test_config_keys_map_onto_the_options_they_stand_for(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('data = "clusters.jsonl"\nsystems = ["extractive", "lead"]\nlimit = 7\nids = ["a", "b"]\n'
                      'options = {strategy = "mmr", overflow = true, mmr_lambda = 0.6}\ngeneric = true\n'
                      'duc = true\nword_limit = 250\nout = "runs/x"\n')
    args = parsed("--config", config)
    assert (str(args.data), args.system, args.limit, args.ids) == ("clusters.jsonl", ["extractive", "lead"], 7, "a,b")
    assert args.option == ["strategy=mmr", "overflow=true", "mmr_lambda=0.6"]
    assert args.generic and args.duc and args.word_limit == 250 and str(args.out) == "runs/x"
    check_run_args(args)
    assert args.options == {"strategy": "mmr", "overflow": True, "mmr_lambda": 0.6}


def test_command_line_options_override_the_config(tmp_path):
    config = tmp_path / "c.toml"
    config.write_text('data = "a.jsonl"\nsystems = ["extractive", "fusion"]\nlimit = 500\nout = "runs/a"\n'
                      'options = {overflow = true, strategy = "coverage"}\n')
    args = parsed("--limit", "20", "--config", config, "--system", "lead", "--out", "runs/b", "--option", "strategy=mmr")
    assert (args.limit, args.system, str(args.out), str(args.data)) == (20, ["lead"], "runs/b", "a.jsonl")
    check_run_args(args)
    assert args.options == {"overflow": True, "strategy": "mmr"}   # one engine option replaced, the other kept


@pytest.mark.parametrize("text, message", [
    ('data = "a.jsonl"\nmax_word = 75\n', "unknown key 'max_word'; a config takes data, limit"),
    ('systems = "extractive"\n', "systems must be a list of strings, got 'extractive'"),
    ('limit = "500"\n', "limit must be an integer, got '500'"),
    ('duc = 1\n', "duc must be true or false, got 1"),
    ('data = \n', "not valid TOML"),
])
def test_a_bad_config_is_a_one_line_error_naming_the_file_and_key(tmp_path, capsys, text, message):
    config = tmp_path / "bad.toml"
    config.write_text(text)
    assert main(["eval", "run", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mds: error: {config}: ") and message in err and err.count("\n") == 1


def test_missing_config_file_and_missing_options_are_clear(tmp_path, capsys):
    assert main(["eval", "run", "--config", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml: no such config file" in capsys.readouterr().err
    assert main(["eval", "run", "--data", "x.jsonl", "--out", str(tmp_path)]) == 2
    assert "mds eval run needs --system (on the command line or in a --config file)" in capsys.readouterr().err


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/data/seeds is missing")
def test_a_folder_of_reports_has_no_references_for_the_oracle_or_duc_scoring(tmp_path, capsys):
    code = main(["eval", "run", "--data", str(SEEDS), "--system", "oracle", "--out", str(tmp_path)])
    assert code == 2 and "no reference summaries, so no oracle" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/data/seeds is missing")
def test_the_seeds_config_runs_end_to_end(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(REPO)   # configs name paths as the command line does, from the repository root
    out = tmp_path / "seeds"
    assert main(["eval", "run", "--config", "eval/seeds.toml", "--out", str(out), "--no-progress"]) == 0
    table = capsys.readouterr().out
    results = json.loads((out / "results.json").read_text())
    assert results["config"]["scoring"] == "reference-free" and results["data"]["clusters"] == 1
    assert list(results["systems"]) == ["fusion", "extractive", "lead", "round-robin"]
    for name in ("fusion", "extractive"):
        scores = results["systems"][name]["scores"]
        summary = json.loads((out / "predictions" / f"{name}.jsonl").read_text())["summary"]
        assert 60 <= word_count(summary) <= 120               # the config's budget, as the engines count words
        assert scores["loaded_per_100w"]["mean"] == 0         # "tyrant", "despot" stay out of the summary
        assert scores["faithfulness"]["mean"] == 1.0
        assert "arousal_pos" not in scores                     # NeuS arousal needs a reference
    assert results["systems"]["fusion"]["generation"]["sentences"] >= 3
    assert "Made by `mds eval run --config eval/seeds.toml" in table and "--data ../shared/data/seeds" in table
