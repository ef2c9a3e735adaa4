import gzip
import json
from pathlib import Path

import pytest

from summarizer.cli import main

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

CLUSTERS = [
    {"id": "c1", "documents": ["The storm reached the coast on Monday. Thousands lost power.",
                               "Power was cut to thousands as the storm hit. Schools closed."],
     "references": ["A storm hit the coast on Monday, cutting power to thousands and closing schools."]},
    {"id": "c2", "documents": ["The city approved a new budget. Taxes will rise slightly.",
                               "Council members voted 7-2 for the budget. Libraries get more money."],
     "references": ["The council voted 7-2 to approve a budget that raises taxes and funds libraries.",
                    "A new city budget passed, raising taxes slightly."]},
    {"id": "c3", "documents": ["The team won the final 3-1. Fans celebrated downtown.",
                               "A late goal sealed the 3-1 win. The coach praised the defence."],
     "references": ["The team won the final 3-1 with a late goal, and fans celebrated downtown."]},
    {"id": "c4", "documents": ["Scientists found water ice on the moon. The discovery aids future missions.",
                               "Ice deposits were confirmed near the lunar south pole."],
     "references": ["Scientists confirmed water ice near the moon's south pole, which could aid missions."]},
]


def write_jsonl(path: Path, rows, gz=False) -> Path:
    text = "".join(json.dumps(r) + "\n" for r in rows)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path):
    return write_jsonl(tmp_path / "clusters.jsonl", CLUSTERS)


def score(capsys, *argv):
    code = main(["eval", "score", *map(str, argv)])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 else None), out.err


def test_score_prints_aggregate_scores_with_intervals(tmp_path, data, capsys):
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": c["id"], "summary": c["references"][0]} for c in CLUSTERS])
    code, result, _ = score(capsys, "--data", data, "--predictions", preds, "--multi-ref", "max")
    assert code == 0 and result["clusters"] == 4
    r1 = result["scores"]["rouge1"]
    assert r1["mean"] == pytest.approx(1.0) and r1["low"] <= r1["mean"] <= r1["high"]
    assert set(result["scores"]) >= {"rouge1", "rouge2", "rougeL", "rougeLsum", "words"}
    # with the average over c2's two references, copying one of them is no longer perfect
    _, avg, _ = score(capsys, "--data", data, "--predictions", preds)
    assert avg["scores"]["rouge1"]["mean"] < 1.0


def test_score_reads_gzipped_clusters_and_selects_ids(tmp_path, capsys):
    data = write_jsonl(tmp_path / "clusters.jsonl.gz", CLUSTERS, gz=True)
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": c["id"], "summary": "storm"} for c in CLUSTERS])
    code, result, err = score(capsys, "--data", data, "--predictions", preds, "--ids", "c1,c3")
    assert code == 0 and result["clusters"] == 2 and "warning" not in err
    code, result, _ = score(capsys, "--data", data, "--predictions", preds, "--limit", "3")
    assert result["clusters"] == 3


def test_malformed_prediction_line_is_reported_with_its_number(tmp_path, data, capsys):
    preds = tmp_path / "predictions.jsonl"
    preds.write_text('{"id": "c1", "summary": "a"}\n{"id": "c2", "summary": "b"}\n{"id": "c3", "summ\n')
    code, _, err = score(capsys, "--data", data, "--predictions", preds)
    assert code == 2
    assert err.startswith("mds: error: predictions.jsonl line 3:")
    assert "Traceback" not in err


def test_malformed_cluster_line_is_reported_with_its_number(tmp_path, capsys):
    data = tmp_path / "clusters.jsonl"
    data.write_text(json.dumps(CLUSTERS[0]) + "\n\n" + json.dumps(CLUSTERS[1])[:-5] + "\n")
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": "c1", "summary": "x"}])
    code, _, err = score(capsys, "--data", data, "--predictions", preds)
    assert code == 2 and "clusters.jsonl line 3:" in err


def test_cluster_with_wrong_field_type_names_the_line(tmp_path, capsys):
    bad = {"id": "c9", "documents": "one string, not a list", "references": ["r"]}
    data = write_jsonl(tmp_path / "clusters.jsonl", [CLUSTERS[0], bad])
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": "c1", "summary": "x"}])
    code, _, err = score(capsys, "--data", data, "--predictions", preds)
    assert code == 2 and "clusters.jsonl line 2:" in err and "documents" in err


def test_ids_missing_from_either_file_are_listed_and_the_rest_scored(tmp_path, data, capsys):
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": "c1", "summary": "storm"}, {"id": "c3", "summary": "team"},
                                               {"id": "c4", "summary": "ice"}, {"id": "x9", "summary": "?"}])
    code, result, err = score(capsys, "--data", data, "--predictions", preds)
    assert code == 0 and result["clusters"] == 3
    assert "c2" in err and "x9" in err


def test_no_id_in_common_is_an_error(tmp_path, data, capsys):
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": "zz", "summary": "x"}])
    code, _, err = score(capsys, "--data", data, "--predictions", preds)
    assert code == 2 and "no cluster id in common" in err


def test_empty_summary_scores_zero_with_a_warning(tmp_path, data, capsys):
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": "c1", "summary": ""}, {"id": "c2", "summary": None}])
    code, result, err = score(capsys, "--data", data, "--predictions", preds, "--ids", "c1,c2")
    assert code == 0
    assert result["scores"]["rouge1"]["mean"] == 0.0 and result["scores"]["rougeLsum"]["mean"] == 0.0
    assert "2 empty summaries scored 0" in err and "c1" in err


def run(tmp_path, data, *extra, out="out"):
    return main(["eval", "run", "--data", str(data), "--out", str(tmp_path / out), "--no-progress",
                 "--n-boot", "200", *map(str, extra)])


def test_run_writes_predictions_results_table_and_plots(tmp_path, data, capsys):
    code = run(tmp_path, data, "--system", "lead", "--system", "round-robin", "--max-words", "12")
    printed = capsys.readouterr().out
    assert code == 0
    out = tmp_path / "out"
    preds = [json.loads(line) for line in (out / "predictions" / "round-robin.jsonl").read_text().splitlines()]
    assert [p["id"] for p in preds] == ["c1", "c2", "c3", "c4"]
    assert preds[0]["summary"].split("\n") == ["The storm reached the coast on Monday.",  # doc 1, then doc 2,
                                               "Power was cut to thousands"]  # cut at 12 words
    results = json.loads((out / "results.json").read_text())
    assert results["config"]["max_words"] == 12 and results["config"]["systems"] == ["lead", "round-robin"]
    assert results["versions"]["datasets"] and results["versions"]["rouge_score"] and results["versions"]["python"]
    assert "commit" in results["git"] and len(results["data"]["sha256"]) == 64
    r1 = results["systems"]["lead"]["scores"]["rouge1"]
    assert 0 < r1["mean"] < 1 and r1["low"] <= r1["mean"] <= r1["high"]
    assert "rouge1" in results["systems"]["round-robin"]["paired"]
    table = (out / "results.md").read_text()
    assert "| lead |" in table and "| round-robin |" in table and table in printed
    for png in ("rouge.png", "distributions.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_rerun_resumes_from_the_cache(tmp_path, data, capsys, monkeypatch):
    from summarizer.evaluation import baselines

    calls = []
    real = baselines.lead
    monkeypatch.setattr(baselines, "lead", lambda docs, n: calls.append(1) or real(docs, n))
    assert run(tmp_path, data, "--system", "lead", "--max-words", "10", "--limit", "2") == 0
    assert len(calls) == 2
    assert run(tmp_path, data, "--system", "lead", "--max-words", "10") == 0
    assert len(calls) == 4  # only the two clusters not seen before
    assert run(tmp_path, data, "--system", "lead", "--max-words", "10") == 0
    assert len(calls) == 4
    assert run(tmp_path, data, "--system", "lead", "--max-words", "11") == 0  # another budget: recompute
    assert len(calls) == 8


def test_unknown_system_lists_the_choices(tmp_path, data, capsys):
    assert run(tmp_path, data, "--system", "nope") == 2
    err = capsys.readouterr().err
    assert "unknown system 'nope'" in err and "round-robin" in err and "oracle" in err


def test_run_help_lists_system_names(capsys):
    with pytest.raises(SystemExit):
        main(["eval", "run", "--help"])
    text = capsys.readouterr().out
    for name in ("lead", "round-robin", "lexrank", "centroid", "oracle", "extractive", "hf:MODEL", "accelerate launch"):
        assert name in text


@pytest.mark.slow
def test_worker_processes_give_the_same_predictions(tmp_path, data, capsys):
    assert run(tmp_path, data, "--system", "lexrank", "--max-words", "15", "--workers", "2", out="w2") == 0
    assert run(tmp_path, data, "--system", "lexrank", "--max-words", "15", out="w1") == 0
    read = lambda d: (tmp_path / d / "predictions" / "lexrank.jsonl").read_text()
    assert read("w2") == read("w1")


@pytest.mark.slow
def test_real_summarizer_on_three_neus_clusters(tmp_path, capsys):
    data = SHARED / "data" / "neus" / "val.jsonl.gz"
    if not data.exists():
        pytest.skip("shared NeuS data not available")
    code = main(["eval", "run", "--data", str(data), "--limit", "3", "--system", "lead", "--system", "extractive",
                 "--max-words", "75", "--out", str(tmp_path / "out"), "--no-progress", "--n-boot", "200"])
    assert code == 0
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    extractive = results["systems"]["extractive"]
    assert extractive["clusters"] == 3 and not extractive["empty_summaries"]
    assert extractive["scores"]["rouge1"]["mean"] > 0.2
    assert 20 <= extractive["scores"]["words"]["mean"] <= 80


def test_duc_mode_reports_recall_precision_and_f(tmp_path, data, capsys):
    preds = write_jsonl(tmp_path / "p.jsonl", [{"id": c["id"], "summary": c["documents"][0]} for c in CLUSTERS])
    code, result, _ = score(capsys, "--data", data, "--predictions", preds, "--duc", "--word-limit", "10")
    assert code == 0 and result["mode"] == "duc" and result["word_limit"] == 10
    assert {"rouge1_r", "rouge2_p", "rougeSU4_f"} <= set(result["scores"]) and "rougeL" not in result["scores"]
    assert 0 < result["scores"]["rouge1_r"]["mean"] < 1


def test_a_launched_process_summarizes_only_its_shard(tmp_path, data):
    """Under `accelerate launch` a non-main process writes its shard's cache and leaves scoring to the main one."""
    from contextlib import contextmanager

    from summarizer.evaluation.data import load_clusters
    from summarizer.evaluation.runner import Distributed, run_system

    class SecondOfTwo:  # what accelerate.PartialState does for process 1 of 2
        @contextmanager
        def split_between_processes(self, items):
            yield items[len(items) // 2:]

        def wait_for_everyone(self):
            pass

    clusters = load_clusters(data)
    dist = Distributed(num_processes=2, index=1, device="cpu", state=SecondOfTwo())
    assert run_system("lead", clusters, tmp_path, 10, dist=dist, progress=False) is None
    assert sorted(p.stem for p in (tmp_path / "cache" / "lead").glob("*.json")) == ["c3", "c4"]
    # the main process, alone now, finds those two cached and computes the rest
    records = run_system("lead", clusters, tmp_path, 10, progress=False)
    assert [r["id"] for r in records] == ["c1", "c2", "c3", "c4"]


@pytest.mark.slow
def test_accelerate_launch_two_processes_on_cpu(tmp_path, data):
    import os
    import shutil
    import subprocess
    import sys

    accelerate = shutil.which("accelerate", path=os.path.dirname(sys.executable))
    if accelerate is None:
        pytest.skip("accelerate CLI not installed")
    out = tmp_path / "acc"
    env = {**os.environ, "ACCELERATE_USE_CPU": "1"}  # --multi_gpu on CPU: torch.distributed with gloo
    proc = subprocess.run([accelerate, "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
                           "--mixed_precision", "no", "--dynamo_backend", "no", "-m", "summarizer.cli", "eval", "run",
                           "--data", str(data), "--system", "lead", "--max-words", "10", "--out", str(out),
                           "--n-boot", "100"], env=env, capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "lead [0]" in proc.stderr and "lead [1]" in proc.stderr
    assert proc.stdout.count("budget 10 words") == 1  # only the main process scores and prints
    results = json.loads((out / "results.json").read_text())
    assert results["config"]["processes"] == 2 and results["systems"]["lead"]["clusters"] == 4


def test_score_adds_faithfulness_style_and_says_why_arousal_is_missing(tmp_path, data, capsys):
    invented = [{"id": c["id"], "summary": c["documents"][0] + " Officials counted 98765 protesters."}
                for c in CLUSTERS]
    preds = write_jsonl(tmp_path / "p.jsonl", invented)
    code, result, _ = score(capsys, "--data", data, "--predictions", preds, "--nrc-vad", tmp_path / "absent.txt")
    assert code == 0
    assert result["scores"]["numbers_support"]["mean"] < 1  # the invented number is not in the sources
    assert "novel_2gram" in result["scores"] and "loaded_per_100w" in result["scores"]
    assert result["metric_status"]["arousal"].startswith("unavailable")
    code, result, _ = score(capsys, "--data", data, "--predictions", preds, "--rouge-only")
    assert "faithfulness" not in result["scores"] and "rouge2" in result["scores"]
