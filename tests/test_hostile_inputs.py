"""Issue 28 (Hardening II): each family of hostile input ends in a clear one-line error or a correct
result, bounded in time and memory. One test or more per family; benchmarks/hostile_inputs.py runs
the same kinds of case from the command line under a memory cap."""
from __future__ import annotations

import gzip
import io
import json
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer import Document, InputError
from summarizer.cli import format_text, main
from summarizer.files import iter_json_lines
from summarizer.pipeline.ingest import load_documents

REPO = Path(__file__).resolve().parents[1]
STORM = ["The storm reached the coast on Monday and cut power to thousands of homes, officials said.",
         "Power was cut to thousands of homes as the storm hit the coast on Monday. Schools closed."]
BUDGET = ["The city council approved a new budget on Tuesday, and taxes will rise slightly next year.",
          "Council members voted 7-2 for the budget on Tuesday; libraries get more money."]
DEEP = "[" * 100_000 + "]" * 100_000


def cluster(cid: str, docs=STORM) -> str:
    return json.dumps({"id": cid, "documents": docs})


def write(path: Path, text: str | bytes) -> Path:
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.name.endswith(".gz"):
        with gzip.open(path, "wb") as f:
            f.write(data)
    else:
        path.write_bytes(data)
    return path


def read_out(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("mds: error:")]
    assert len(lines) == 1 and len(err.strip().splitlines()) == 1, err
    return lines[0]


def batch(capsys, *args) -> tuple[int, str]:
    code = main(["batch", *map(str, args), "--engine", "extractive", "--no-progress"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


# ---------------------------------------------------------------- 1. deep nesting


@pytest.mark.parametrize("name, text", [
    ("deep.json", DEEP),
    ("deep-object.json", '{"a": ' * 100_000 + "1" + "}" * 100_000),
    ("deep.jsonl", cluster("ok") + "\n" + DEEP + "\n"),
])
def test_json_nested_100000_deep_is_one_error_naming_file_and_line(tmp_path, capsys, name, text):
    path = write(tmp_path / name, text)
    assert main(["summarize", str(path), "--engine", "extractive"]) == 2
    line = error_line(capsys)
    assert "nested too deeply" in line and name in line
    if name.endswith(".jsonl"):
        assert f"{name} line 2" in line


@pytest.mark.parametrize("name", ["big.json", "big.jsonl"])
def test_a_number_of_5000_digits_is_an_error_naming_the_file(tmp_path, capsys, name):
    path = write(tmp_path / name, '{"id": ' + "9" * 5000 + ', "documents": ["a b c d"]}\n')
    assert main(["summarize", str(path), "--engine", "extractive"]) == 2
    assert f"{name}" in (line := error_line(capsys)) and "4300 digits" in line


def test_json_nested_deep_on_stdin_is_an_error_not_text(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(DEEP))
    assert main(["summarize", "-", "--engine", "extractive"]) == 2
    assert "stdin: JSON nested too deeply" in error_line(capsys)


def test_batch_gives_a_deep_line_its_error_line_and_summarizes_the_others(tmp_path, capsys):
    data = write(tmp_path / "c.jsonl", "\n".join([cluster("a"), DEEP, cluster("b", BUDGET)]) + "\n")
    code, err = batch(capsys, data, "--out", tmp_path / "out.jsonl")
    assert code == 1 and "c.jsonl line 2: JSON nested too deeply" in err
    records = read_out(tmp_path / "out.jsonl")
    assert [r["id"] for r in records] == ["a", None, "b"]
    assert records[0]["summary"] and records[2]["summary"] and records[1]["summary"] is None


def test_eval_score_names_a_deep_prediction_line(tmp_path, capsys):
    data = write(tmp_path / "c.jsonl", json.dumps({"id": "a", "documents": STORM, "references": ["storm"]}) + "\n")
    preds = write(tmp_path / "p.jsonl", json.dumps({"id": "a", "summary": "storm"}) + "\n" + DEEP + "\n")
    assert main(["eval", "score", "--data", str(data), "--predictions", str(preds), "--rouge-only"]) == 2
    assert "p.jsonl line 2: JSON nested too deeply" in error_line(capsys)


@pytest.mark.parametrize("depth", [300, 20_000])
def test_html_nested_past_lxml_depth_is_still_read(tmp_path, depth):
    body = "<p>" + STORM[0] + "</p><script>var hidden = 1;</script>"
    page = write(tmp_path / "deep.html", "<html><body>" + "<div>" * depth + body + "</div>" * depth + "</body></html>")
    docs = load_documents([page])
    assert STORM[0] in docs[0].text and "hidden" not in docs[0].text


# ---------------------------------------------------------------- 2. numbers that are not numbers


@pytest.mark.parametrize("argv, option", [
    (["summarize", "README.md", "--max-input-mb", "inf"], "--max-input-mb"),
    (["summarize", "README.md", "--max-input-mb", "1e300"], "--max-input-mb"),
    (["summarize", "README.md", "--max-input-mb", "nan"], "--max-input-mb"),
    (["summarize", "README.md", "--max-input-mb", "-1"], "--max-input-mb"),
    (["summarize", "README.md", "--max-words", "1e9"], "--max-words"),
    (["eval", "score", "--data", "x.jsonl", "--predictions", "p.jsonl", "--n-boot", "0"], "--n-boot"),
    (["eval", "score", "--data", "x.jsonl", "--predictions", "p.jsonl", "--n-boot", "-5"], "--n-boot"),
    (["eval", "run", "--data", "x.jsonl", "--out", "o", "--system", "lead", "--limit", "0"], "--limit"),
    (["batch", "x.jsonl", "--out", "o.jsonl", "--batch-size", "0"], "--batch-size"),
    (["batch", "x.jsonl", "--out", "o.jsonl", "--max-file-mb", "inf"], "--max-file-mb"),
    (["batch", "x.jsonl", "--out", "o.jsonl", "--cpus-per-worker", "nan"], "--cpus-per-worker"),
    (["demo", "--port", "0"], "--port"),
])
def test_numeric_options_are_refused_when_parsed_with_their_range(capsys, argv, option):
    assert main(argv) == 2
    line = error_line(capsys)
    assert f"argument {option}" in line and ("≥" in line or "≤" in line or ">" in line)


@pytest.mark.parametrize("engine, option, words", [
    ("extractive", "mmr_lambda=abc", "must be a number"),
    ("extractive", "mmr_lambda=nan", "finite"),
    ("extractive", "mmr_lambda=1.5", "≤ 1"),
    ("extractive", "min_words=-2", "≥ 0"),
    ("extractive", "overflow=3", "true or false"),
    ("fusion", "num_beams=0", "≥ 1"),
    ("fusion", "budget_stretch=inf", "finite"),
])
def test_engine_options_are_type_checked_before_any_input_is_read(tmp_path, capsys, engine, option, words):
    missing = tmp_path / "not-there.jsonl"   # were the input read first, this would be the error
    code = main(["batch", str(missing), "--out", str(tmp_path / "o.jsonl"), "--engine", engine,
                 "--option", option, "--no-progress"])
    assert code == 2
    line = error_line(capsys)
    assert option.split("=")[0] in line and words in line and "not-there" not in line


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 1e300])
def test_api_max_words_that_is_not_a_number_is_an_input_error(extractive, bad):
    with pytest.raises(InputError, match="max_words"):
        extractive.summarize(STORM, max_words=bad)
    with pytest.raises(InputError, match="max_words"):
        extractive.summarize_many([STORM], max_words=bad)


# ---------------------------------------------------------------- 3-4. bombs and over-long lines


def blank_bomb(path: Path, megabytes: int, head: list[str] = ()) -> Path:
    with gzip.open(path, "wb", compresslevel=1) as f:
        for line in head:
            f.write(line.encode() + b"\n")
        for _ in range(megabytes):
            f.write(b"\n" * 2**20)
    return path


def test_a_whole_file_limit_stops_a_bomb_of_blank_lines_fast(tmp_path):
    bomb = blank_bomb(tmp_path / "bomb.jsonl.gz", 12)
    assert bomb.stat().st_size < 200_000
    t0 = time.perf_counter()
    with pytest.raises(InputError, match="bomb.jsonl.gz holds more than 4 MB once decompressed"):
        list(iter_json_lines(bomb, max_file_bytes=4 * 2**20))
    assert time.perf_counter() - t0 < 5


@pytest.mark.parametrize("command", ["summarize", "batch", "eval"])
def test_every_command_takes_the_whole_file_limit(tmp_path, capsys, command):
    bomb = blank_bomb(tmp_path / "bomb.jsonl.gz", 3)
    argv = {"summarize": ["summarize", str(bomb), "--engine", "extractive"],
            "batch": ["batch", str(bomb), "--out", str(tmp_path / "o.jsonl"), "--no-progress"],
            "eval": ["eval", "score", "--data", str(bomb), "--predictions", str(bomb), "--rouge-only"]}[command]
    assert main([*argv, "--max-file-mb", "2"]) == 2
    assert "holds more than 2 MB once decompressed, the whole-file limit" in error_line(capsys)


def test_batch_streams_its_input_and_keeps_what_it_wrote_before_the_limit(tmp_path, capsys):
    data = blank_bomb(tmp_path / "c.jsonl.gz", 3, head=[cluster("a"), cluster("b", BUDGET)])
    out = tmp_path / "out.jsonl"
    code, err = batch(capsys, data, "--out", out, "--batch-size", "1", "--max-file-mb", "2")
    assert code == 2 and "whole-file limit" in err
    assert [r["id"] for r in read_out(out)] == ["a", "b"]   # summarized while the file was still being read


def test_a_line_over_the_limit_is_one_error_never_a_phantom_cluster(tmp_path, capsys):
    long_line = json.dumps({"id": "long", "documents": ["word " * 10_000]})   # 50 kB
    data = write(tmp_path / "c.jsonl", "\n".join([cluster("a"), long_line, cluster("b", BUDGET)]) + "\n")
    rows = list(iter_json_lines(data, keep_going=True, max_bytes=20_000))
    assert [number for number, _ in rows] == [1, 2, 3] and isinstance(rows[1][1], InputError)
    code, err = batch(capsys, data, "--out", tmp_path / "out.jsonl", "--max-input-mb", "0.02")
    assert code == 1 and "c.jsonl line 2: the line is longer than 20,971 bytes" in err
    assert "done 2, skipped 0, failed 1" in err
    assert [r["id"] for r in read_out(tmp_path / "out.jsonl")] == ["a", None, "b"]


def test_ten_thousand_bad_lines_in_a_row_stop_a_batch(tmp_path, capsys):
    data = write(tmp_path / "c.jsonl.gz", cluster("a") + "\n" + "{}\n" * 10_050)
    code, err = batch(capsys, data, "--out", tmp_path / "out.jsonl")
    assert code == 2 and "10,001 bad lines in a row" in err
    assert [r["id"] for r in read_out(tmp_path / "out.jsonl")][0] == "a"


# ---------------------------------------------------------------- 5. resuming a compressed batch


@pytest.mark.parametrize("suffix", [".jsonl.gz", ".jsonl"])
def test_a_batch_killed_mid_file_resumes_with_every_cluster_once(tmp_path, capsys, suffix):
    ids = [f"c{i}" for i in range(8)]
    lines = [cluster(i, STORM if k % 2 else BUDGET) + "\n" for k, i in enumerate(ids)]
    out = tmp_path / f"out{suffix}"
    first = write(tmp_path / "first.jsonl", "".join(lines[:4]))
    assert batch(capsys, first, "--out", out, "--batch-size", "1")[0] == 0
    # a kill while the fourth line is written: the gzip stream has no end, the last line is cut
    out.write_bytes(out.read_bytes()[:-30])
    data = write(tmp_path / "all.jsonl", "".join(lines))
    code, err = batch(capsys, data, "--out", out, "--batch-size", "1")
    assert code == 0 and "dropped a last line cut short" in err
    assert "done 5, skipped 3" in err   # the complete lines before the cut were recovered, not redone
    assert sorted(r["id"] for r in read_out(out)) == ids   # a valid file, each cluster exactly once
    code, err = batch(capsys, data, "--out", out)
    assert code == 0 and "done 0, skipped 8" in err


# ---------------------------------------------------------------- 6. pipes


def test_a_closed_pipe_ends_quietly(tmp_path):
    report = write(tmp_path / "r.txt", STORM[0] + " " + STORM[1])
    proc = subprocess.Popen([sys.executable, "-m", "summarizer.cli", "summarize", str(report), "--engine", "extractive"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    proc.stdout.close()   # the reader is gone before a line is written (`| head -0`)
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


# ---------------------------------------------------------------- 8. names that forge output


def test_file_names_with_newlines_and_escape_codes_are_escaped(extractive):
    evil = "a.txt\n[9] Forged sentence.\n    (5/5 reports)\x1b[2J\x1b[31m"
    summary = extractive.summarize([Document(STORM[0], name=evil), Document(STORM[1], name="b.txt")], max_words=40)
    text = format_text(summary)
    assert "\x1b" not in text and "\\x1b[31m" in text
    assert not any(line.startswith("[9] Forged") for line in text.splitlines())
    summary.warnings.append(f"{evil} is empty; skipped")
    markdown = summary.to_markdown()
    assert "\x1b" not in markdown and "\n[9]" not in markdown


def test_error_lines_escape_the_names_they_quote(tmp_path, capsys):
    assert main(["summarize", str(tmp_path / "gone\x1b[31m.txt")]) == 2
    assert "gone\\x1b[31m.txt: no such file" in error_line(capsys)
    (tmp_path / "empty\nmds: error: forged.txt").write_text("")
    assert main(["summarize", str(tmp_path), "--engine", "extractive"]) == 2
    line = error_line(capsys)
    assert "empty\\nmds: error: forged.txt" in line


# ---------------------------------------------------------------- 7. other languages

CHINESE = ["周二，洪水导致瓦尔多拉以北的主要高速公路关闭，官员表示。约有一千二百名居民连夜被转移到避难所。地区州长说，修复工作至少需要两周时间！",
           "官员们周二因洪水关闭了瓦尔多拉以北的高速公路。大约一千二百人在避难所过夜。工程师将在交通恢复之前检查三座桥梁？"]
JAPANESE = ["火曜日、洪水のためヴァルドラ北部の幹線道路が閉鎖されたと当局者が述べた。約千二百人の住民が一晩で避難所に移された。",
            "当局は火曜日、洪水のためヴァルドラ北部の高速道路を閉鎖した。約千二百人が避難所で夜を過ごした。"]
KOREAN = ["화요일 홍수로 인해 발도라 북쪽의 주요 고속도로가 폐쇄되었다고 관계자들이 밝혔다. 약 1,200명의 주민들이 밤새 대피소로 옮겨졌다.",
          "관계자들은 화요일 홍수 때문에 발도라 북쪽 고속도로를 폐쇄했다. 약 1,200명이 대피소에서 밤을 보냈다."]


@pytest.mark.parametrize("reports", [CHINESE, JAPANESE, KOREAN], ids=["zh", "ja", "ko"])
def test_cjk_clusters_are_split_at_full_stops_and_summarized(extractive, reports):
    summary = extractive.summarize(reports, max_words=60)
    assert len(summary.sentences) >= 2
    for s in summary.sentences:   # whole sentences of the reports, cited
        assert any(s.text in r for r in reports) and s.sources


def test_a_cjk_budget_counts_characters():
    from summarizer.text import cut_to_words, word_count

    assert word_count(CHINESE[1].split("。")[0]) == 22
    assert cut_to_words("洪水关闭了公路。", 4) == "洪水关闭…"


@pytest.mark.slow
def test_fusion_extracts_a_non_english_cluster_and_says_so_once(embedder):
    from summarizer import Summarizer

    summary = Summarizer(engine="fusion", embedder=embedder).summarize(CHINESE, max_words=60)
    assert summary.sentences and all(any(s.text in r for r in CHINESE) for s in summary.sentences)
    notes = [w for w in summary.warnings if "not English" in w]
    assert len(notes) == 1 and "extractive" in notes[0]


# ---------------------------------------------------------------- 9. encrypted PDFs


def encrypted_pdf(user_password: str, algorithm: str = "AES-256") -> bytes:
    from pypdf import PdfReader, PdfWriter
    from test_hardening import make_pdf

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([STORM[0]]))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_pdfs_open_with_the_empty_password_and_protected_ones_are_refused(tmp_path, capsys, algorithm):
    open_pdf = write(tmp_path / "open.pdf", encrypted_pdf("", algorithm))
    assert "storm reached the coast" in load_documents([open_pdf])[0].text
    locked = write(tmp_path / "locked.pdf", encrypted_pdf("secret", algorithm))
    assert main(["summarize", str(locked), "--engine", "extractive"]) == 2
    assert "locked.pdf: the PDF is password-protected" in error_line(capsys)


# ---------------------------------------------------------------- 10. the demo's request body and boxes


def asgi_post(app, body_chunks: list[bytes], content_length: int | None, content_type: bytes = b"application/json"):
    """(status, whether the app read the whole body) of one POST through an ASGI app."""
    import asyncio

    headers = [(b"content-type", content_type)]
    if content_length is not None:
        headers.append((b"content-length", str(content_length).encode()))
    scope = {"type": "http", "method": "POST", "path": "/gradio_api/call/summarize", "headers": headers}
    chunks = list(body_chunks)
    sent: list[dict] = []

    async def receive():
        body = chunks.pop(0) if chunks else b""
        return {"type": "http.request", "body": body, "more_body": bool(chunks)}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return next(m["status"] for m in sent if m["type"] == "http.response.start")


def test_the_body_limit_refuses_before_the_app_reads():
    from summarizer.demo.body_limit import BodyLimit

    read = []

    async def inner(scope, receive, send):   # stands for Gradio: reads the whole body, then answers
        while True:
            message = await receive()
            read.append(len(message.get("body", b"")))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    app = BodyLimit(inner, max_bytes=10_000, max_other_bytes=1_000)
    assert asgi_post(app, [b"x" * 500], 500) == 200
    assert asgi_post(app, [b"x" * 400_000_000], 400_000_000) == 413 and read == [500]   # never read
    assert asgi_post(app, [b"x" * 600] * 5, None) == 413                               # chunked: cut off
    assert asgi_post(app, [b"x" * 5_000], 5_000, b"multipart/form-data; boundary=x") == 200


def test_report_boxes_past_the_third_are_summarized():
    from summarizer.demo.app import MAX_BOXES, run_ui

    boxes = [STORM[0], STORM[1], BUDGET[0], BUDGET[1], "The moon mission launched on Friday after two delays."]
    boxes += [""] * (MAX_BOXES - len(boxes))
    status, result, _ = run_ui(3, *boxes, None, "extractive", "", 120, "", "")   # an API call: the count stays 3
    assert "Summarized 5 reports" in status, status


@pytest.mark.parametrize("bad", [math.nan, math.inf, "inf"])
def test_demo_target_length_that_is_not_a_number_is_a_message(bad):
    from summarizer.demo.app import parse_settings

    with pytest.raises(InputError, match="target length"):
        parse_settings("extractive", "", bad, offered={"extractive": [None]})


@pytest.mark.slow
def test_the_served_demo_refuses_a_huge_body_at_once():
    import http.client
    import socket

    from summarizer.demo.app import build_app, launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = build_app()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    try:
        # the headers announce 400 MB and no body follows: the answer must come from the headers alone
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        t0 = time.perf_counter()
        connection.putrequest("POST", "/gradio_api/call/summarize")
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(400 * 2**20))
        connection.endheaders()
        response = connection.getresponse()
        assert response.status == 413 and time.perf_counter() - t0 < 10
        connection.close()
    finally:
        app.close()


def test_the_per_line_limit_is_exact(tmp_path):
    line = json.dumps({"id": "a", "documents": [STORM[0]]})
    path = write(tmp_path / "c.jsonl", line + "\n" + line + "\n")
    size = len(line) + 1   # a line's bytes with its newline
    assert all(isinstance(obj, dict) for _, obj in iter_json_lines(path, max_bytes=size))
    with pytest.raises(InputError, match="c.jsonl line 1: the line is longer than"):
        list(iter_json_lines(path, max_bytes=size - 1))


def test_running_out_of_memory_is_one_line(monkeypatch, capsys):
    import summarizer.cli as cli

    def exhausted(args):
        raise MemoryError

    monkeypatch.setattr(cli, "run_summarize", exhausted)
    assert main(["summarize", "README.md"]) == 2
    assert "out of memory" in error_line(capsys)
