"""summarize_many with bad clusters, `mds batch` (resume, error lines, exit status), the eval harness
with a failing cluster, and the Ray runner against the local one."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from summarizer import ClusterError, InputError, ModelError, Summary
from summarizer.cli import main

STORM = ["The storm reached the coast on Monday. Thousands lost power.",
         "Power was cut to thousands as the storm hit on Monday. Schools closed."]
BUDGET = ["The city approved a new budget. Taxes will rise slightly.",
          "Council members voted 7-2 for the budget. Libraries get more money."]
MOON = ["Scientists found water ice on the moon. The discovery aids future missions.",
        "Ice deposits were confirmed near the lunar south pole by scientists."]
GOOD = [{"id": f"c{i}", "documents": docs, "references": ["A reference summary."]}
        for i, docs in enumerate([STORM, BUDGET, MOON, STORM[::-1], BUDGET[::-1], MOON[::-1]])]


def without_timings(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "timings"}


def write_lines(path: Path, lines: list[str]) -> Path:
    text = "".join(line + "\n" for line in lines)
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read_out(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture
def mixed(tmp_path) -> Path:
    """Six good clusters with four bad lines among them."""
    lines = [json.dumps(c) for c in GOOD]
    lines.insert(1, json.dumps({"id": "empty", "documents": []}))
    lines.insert(3, '{"id": "cut", "documents": ["half a li')
    lines.insert(5, json.dumps({"id": "blank", "documents": ["   ", "\n"]}))
    lines.insert(7, json.dumps(GOOD[0]))  # the same id twice
    return write_lines(tmp_path / "clusters.jsonl", lines)


# ---- Summarizer.summarize_many -------------------------------------------------------------------------
def test_summarize_many_keeps_good_results_and_names_bad_clusters(extractive):
    results = extractive.summarize_many([STORM, [], {"id": "b7", "documents": BUDGET}, None,
                                         {"id": 9, "documents": ["text", 3]}, ["  "]], max_words=30)
    assert [type(r) for r in results] == [Summary, ClusterError, Summary, ClusterError, ClusterError, ClusterError]
    assert [(r.position, r.id) for r in results if isinstance(r, ClusterError)] == \
        [(1, None), (3, None), (4, "9"), (5, None)]
    assert results[0].summary == extractive.summarize(STORM, max_words=30).summary
    error = json.loads(results[4].to_json())
    assert error["id"] == "9" and error["position"] == 4 and error["summary"] is None and error["error"]


@pytest.mark.parametrize("bad", [0, -3, 2.5, "many", True])
def test_summarize_many_refuses_a_bad_word_budget(extractive, bad):
    with pytest.raises(InputError, match="max_words"):
        extractive.summarize_many([STORM], max_words=bad)


class BatchingEngine:
    """The extractive engine behind a batch interface, failing on clusters that mention "BOOM"."""

    def __init__(self, engine):
        self.engine, self.name, self.model_id = engine, engine.name, engine.model_id
        self.batches = 0

    def summarize(self, cluster, max_words):
        if any("BOOM" in d.text for d in cluster.documents):
            raise RuntimeError("engine exploded")
        return self.engine.summarize(cluster, max_words)

    def summarize_batch(self, clusters, max_words):
        self.batches += 1
        return [self.summarize(c, max_words) for c in clusters]


@pytest.fixture
def batching(embedder):
    from summarizer import Summarizer

    summarizer = Summarizer(engine="extractive", embedder=embedder)
    summarizer.engine = BatchingEngine(summarizer.engine)
    return summarizer


def test_the_batch_path_gives_the_same_summary_as_summarize(batching):
    from summarizer.pipeline.ingest import LoadedDocuments
    from summarizer.types import Document

    with_warning = LoadedDocuments([Document(t) for t in MOON], warnings=["skipped empty file x.txt"])
    many = batching.summarize_many([STORM, with_warning], max_words=25)
    assert batching.engine.batches == 1
    one = [batching.summarize(STORM, max_words=25), batching.summarize(with_warning, max_words=25)]
    assert [without_timings(s.to_dict()) for s in many] == [without_timings(s.to_dict()) for s in one]
    assert "skipped empty file x.txt" in many[1].warnings  # reader warnings survive the batch path


def test_a_cluster_that_breaks_the_batch_is_isolated(batching):
    results = batching.summarize_many([STORM, ["BOOM. The engine fails here."], MOON], max_words=25)
    assert isinstance(results[0], Summary) and isinstance(results[2], Summary)
    assert isinstance(results[1], ClusterError) and results[1].position == 1
    assert "engine exploded" in results[1].error


# ---- mds batch --------------------------------------------------------------------------------------------
def run_batch(capsys, *args) -> tuple[int, str]:
    code = main(["batch", *map(str, args), "--engine", "extractive", "--max-words", "30", "--no-progress"])
    return code, capsys.readouterr().err


def test_batch_writes_a_summary_or_an_error_line_per_cluster(tmp_path, mixed, capsys):
    out = tmp_path / "out.jsonl"
    code, err = run_batch(capsys, mixed, "--out", out, "--batch-size", "3")
    assert code == 1  # some clusters failed
    records = read_out(out)
    assert [r["id"] for r in records] == ["c0", "empty", "c1", None, "c2", "blank", "c3", "c0", "c4", "c5"]
    errors = {r["where"]: r for r in records if r.get("error")}
    assert set(errors) == {"clusters.jsonl line 2", "clusters.jsonl line 4", "clusters.jsonl line 6",
                           "clusters.jsonl line 8"}
    assert "more than once" in errors["clusters.jsonl line 8"]["error"]
    good = [r for r in records if not r.get("error")]
    assert all(r["summary"] and r["sentences"] and r["engine"] == "extractive" for r in good)
    assert "failed: clusters.jsonl line 2 (id 'empty')" in err
    assert "done 6, skipped 0, failed 4" in err and "clusters/min" in err


def test_batch_exits_zero_when_every_cluster_is_summarized(tmp_path, capsys):
    data = write_lines(tmp_path / "good.jsonl.gz", [json.dumps(c) for c in GOOD[:2]])
    code, err = run_batch(capsys, data, "--out", tmp_path / "out.jsonl.gz")
    assert code == 0 and "done 2, skipped 0, failed 0" in err
    assert [r["id"] for r in read_out(tmp_path / "out.jsonl.gz")] == ["c0", "c1"]


def test_an_interrupted_batch_resumes_where_it_stopped(tmp_path, mixed, capsys):
    out = tmp_path / "out.jsonl"
    run_batch(capsys, mixed, "--out", out)
    complete = {r["id"]: without_timings(r) for r in read_out(out) if not r.get("error")}
    # as a run killed while writing would leave it: three summaries, then half of a fourth line
    lines = out.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if '"error"' not in line][:3]
    out.write_text("\n".join(kept) + "\n" + lines[-1][:50], encoding="utf-8")

    code, err = run_batch(capsys, mixed, "--out", out)
    assert code == 1
    assert "dropped a last line cut short" in err and "done 3, skipped 3, failed 4" in err
    records = read_out(out)
    assert sorted(r["id"] for r in records if not r.get("error")) == ["c0", "c1", "c2", "c3", "c4", "c5"]
    assert {r["id"]: without_timings(r) for r in records if not r.get("error")} == complete
    assert len([r for r in records if r.get("error")]) == 4  # errors are retried, not duplicated


def test_a_cut_short_gzip_output_is_repaired(tmp_path, capsys):
    data = write_lines(tmp_path / "c.jsonl", [json.dumps(c) for c in GOOD[:4]])
    out = tmp_path / "out.jsonl.gz"
    run_batch(capsys, data, "--out", out, "--batch-size", "2")
    out.write_bytes(out.read_bytes()[:-40])  # the last gzip member loses its end
    code, err = run_batch(capsys, data, "--out", out, "--batch-size", "2")
    assert code == 0 and "dropped a last line cut short" in err
    assert sorted(r["id"] for r in read_out(out)) == ["c0", "c1", "c2", "c3"]


def test_batch_refuses_to_append_to_a_file_it_did_not_write(tmp_path, mixed, capsys):
    out = write_lines(tmp_path / "notes.jsonl", ['{"title": "my notes"}'])
    code, err = run_batch(capsys, mixed, "--out", out)
    assert code == 2 and "not a line of `mds batch` output" in err
    assert out.read_text(encoding="utf-8") == '{"title": "my notes"}\n'


@pytest.mark.slow
def test_a_model_that_cannot_load_stops_worker_processes_with_one_line(tmp_path, mixed, capsys):
    code = main(["batch", str(mixed), "--out", str(tmp_path / "out.jsonl"), "--engine", "fusion",
                 "--model", str(tmp_path / "no-model"), "--workers", "2", "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2 and "no-model' not found" in err and "Traceback" not in err


def test_batch_reads_folders_and_names_missing_inputs(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    write_lines(folder / "a.jsonl", [json.dumps(GOOD[0])])
    write_lines(folder / "b.jsonl.gz", [json.dumps(GOOD[1])])
    (folder / "readme.txt").write_text("not clusters")
    code, _ = run_batch(capsys, folder, "--out", tmp_path / "out.jsonl")
    assert code == 0 and [r["id"] for r in read_out(tmp_path / "out.jsonl")] == ["c0", "c1"]
    code, err = run_batch(capsys, tmp_path / "nope.jsonl", "--out", tmp_path / "o.jsonl")
    assert code == 2 and "nope.jsonl: no such file" in err


def test_eval_score_scores_batch_output(tmp_path, mixed, capsys):
    out = tmp_path / "out.jsonl"
    run_batch(capsys, mixed, "--out", out)
    blank = {"id": "blank", "documents": ["   ", "\n"], "references": ["Nothing to say."]}
    references = write_lines(tmp_path / "refs.jsonl", [json.dumps(c) for c in [*GOOD, blank]])
    assert main(["eval", "score", "--data", str(references), "--predictions", str(out), "--rouge-only"]) == 0
    captured = capsys.readouterr()
    scores = json.loads(captured.out)
    assert scores["clusters"] == 7 and scores["scores"]["rouge1"]["mean"] > 0
    assert "blank" in captured.err  # the failed cluster scores as an empty summary, with a warning


# ---- mds eval run: a failing cluster -----------------------------------------------------------------------
class FlakySystem:
    name = "flaky"

    def __init__(self, broken: set[str]):
        self.broken, self.calls = broken, []

    def summarize(self, cluster, max_words):
        self.calls.append(cluster["id"])
        if cluster["id"] in self.broken:
            raise RuntimeError("model crashed")
        return {"summary": cluster["documents"][0], "warnings": []}


def test_eval_run_reports_a_failed_cluster_and_keeps_the_others(tmp_path, monkeypatch, capsys):
    import summarizer.evaluation.runner as runner

    clusters = [{"id": c["id"], "documents": c["documents"], "references": c["references"]} for c in GOOD[:3]]
    system = FlakySystem({"c1"})
    monkeypatch.setattr(runner, "build_system", lambda name, device=None, options=None: system)
    records = runner.run_system("flaky", clusters, tmp_path, 30, progress=False)
    assert [r["id"] for r in records] == ["c0", "c1", "c2"]
    assert records[1]["summary"] == "" and "model crashed" in records[1]["error"]
    assert records[2]["summary"] == clusters[2]["documents"][0]
    assert "cluster 'c1' failed: RuntimeError: model crashed" in capsys.readouterr().err

    system.broken, system.calls = set(), []  # the next run retries only the failed cluster
    records = runner.run_system("flaky", clusters, tmp_path, 30, progress=False)
    assert system.calls == ["c1"] and not any(r.get("error") for r in records)


# ---- Ray ---------------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_ray_runner_writes_what_the_local_runner_writes(tmp_path, mixed):
    ray = pytest.importorskip("ray")
    from summarizer.batch import summarize_file

    options = {"engine": "extractive", "max_words": 30, "batch_size": 3, "progress": False}
    local = summarize_file(mixed, tmp_path / "local.jsonl", **options)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = summarize_file(mixed, tmp_path / "ray.jsonl", runner="ray", workers=2, **options)
        with pytest.raises(ModelError, match="could not start: model '/nonexistent' not found"):
            summarize_file(mixed, tmp_path / "none.jsonl", runner="ray", engine="fusion", model="/nonexistent",
                           progress=False)
    finally:
        ray.shutdown()
    assert (remote.done, remote.failed) == (local.done, local.failed) == (6, 4)
    assert [without_timings(r) for r in read_out(tmp_path / "ray.jsonl")] == \
        [without_timings(r) for r in read_out(tmp_path / "local.jsonl")]


def test_ray_is_imported_only_when_asked(tmp_path, mixed, capsys, monkeypatch):
    import subprocess
    import sys

    probe = "import sys, summarizer.cli, summarizer.batch; summarizer.cli.build_parser(); print('ray' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip() == "False"
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the [scale] extra were not installed
    code, err = run_batch(capsys, mixed, "--out", tmp_path / "out.jsonl", "--runner", "ray")
    assert code == 2 and "pip install 'mds-summarizer[scale]'" in err
