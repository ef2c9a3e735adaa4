"""Hostile inputs against the CLI, the API, the batch runner, the harness and the demo, each in its own
process under a memory cap (resource.setrlimit RLIMIT_AS, 2 GiB by default) and a time limit; one row
per case: what it had to do, the outcome, seconds and peak memory (the child's max RSS).

    python benchmarks/hostile_inputs.py                  # every case (a few minutes)
    python benchmarks/hostile_inputs.py --only bomb      # cases whose name holds "bomb"
    python benchmarks/hostile_inputs.py --scale 1000,10000   # batch / eval score memory at two input sizes

A case passes when its exit status is the expected one (0 with a correct result, 2 with one
`mds: error:` line, 1 for a batch with failed clusters), stderr has no traceback, and its own check of
the output holds. The files are written to a temporary folder, nothing to the repository.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STORM = ["The storm reached the coast on Monday and cut power to thousands of homes, officials said.",
         "Power was cut to thousands of homes as the storm hit the coast on Monday. Schools closed."]
BUDGET = ["The city council approved a new budget on Tuesday, and taxes will rise slightly next year.",
          "Council members voted 7-2 for the budget on Tuesday; libraries get more money."]
CHINESE = ["周二，洪水导致瓦尔多拉以北的主要高速公路关闭，官员表示。约有一千二百名居民连夜被转移到避难所。",
           "官员们周二因洪水关闭了瓦尔多拉以北的高速公路。大约一千二百人在避难所过夜。"]
JAPANESE = ["火曜日、洪水のためヴァルドラ北部の幹線道路が閉鎖されたと当局者が述べた。約千二百人の住民が一晩で避難所に移された。",
            "当局は火曜日、洪水のためヴァルドラ北部の高速道路を閉鎖した。約千二百人が避難所で夜を過ごした。"]
KOREAN = ["화요일 홍수로 인해 발도라 북쪽의 주요 고속도로가 폐쇄되었다고 관계자들이 밝혔다. 약 1,200명의 주민들이 밤새 대피소로 옮겨졌다.",
          "관계자들은 화요일 홍수 때문에 발도라 북쪽 고속도로를 폐쇄했다. 약 1,200명이 대피소에서 밤을 보냈다."]
DEEP = "[" * 100_000 + "]" * 100_000


@dataclass
class Result:
    rc: int
    seconds: float
    peak_mb: float
    out: str
    err: str


def run(argv: list[str], cap_bytes: int, timeout: float, stdin: bytes | None = None, cwd: Path = REPO,
        shell: bool = False) -> Result:
    """`argv` in a child capped at `cap_bytes` of address space; its own peak RSS from wait4."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    env = {**os.environ, "PYTHONPATH": str(REPO), "TOKENIZERS_PARALLELISM": "false"}
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                                stdout=out, stderr=err, cwd=cwd, env=env, preexec_fn=limit, shell=shell,
                                start_new_session=True)
        if stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.write(stdin)
            proc.stdin.close()
        deadline = t0 + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return Result(proc.returncode, seconds, usage.ru_maxrss / 1024, out.read().decode("utf-8", "replace"),
                      err.read().decode("utf-8", "replace"))


def mds(*args) -> list[str]:
    return [sys.executable, "-m", "summarizer.cli", *map(str, args)]


def cluster(cid: str, docs=STORM) -> str:
    return json.dumps({"id": cid, "documents": docs, "references": ["The storm cut power to thousands."]})


def write(path: Path, data: str | bytes) -> Path:
    data = data.encode("utf-8") if isinstance(data, str) else data
    if path.name.endswith(".gz"):
        with gzip.open(path, "wb", compresslevel=1) as f:
            f.write(data)
    else:
        path.write_bytes(data)
    return path


def gz_repeat(path: Path, piece: bytes, total_bytes: int, head: bytes = b"") -> Path:
    """A gzip file of `head` then `piece` repeated to `total_bytes`: a few MB on disk, GB decompressed."""
    block = piece * (2**20 // len(piece))
    with gzip.open(path, "wb", compresslevel=9) as f:
        f.write(head)
        for _ in range(total_bytes // len(block)):
            f.write(block)
    return path


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def one_error(r: Result, *words: str) -> bool:
    lines = [line for line in r.err.splitlines() if line.startswith("mds: error:")]
    return len(lines) == 1 and all(w in lines[0] for w in words)


def build_cases(tmp: Path) -> list[tuple[str, str, dict, int, callable]]:
    """(name, what must happen, run kwargs, expected exit status, check of the result)."""
    t = tmp
    cases = []

    def case(name, expect, rc, check, argv, **kw):
        cases.append((name, expect, {"argv": argv, **kw}, rc, check))

    # 1. deep nesting
    write(t / "deep.json", DEEP)
    write(t / "deep.jsonl", cluster("a") + "\n" + DEEP + "\n")
    write(t / "mixed.jsonl", "\n".join([cluster("a"), DEEP, cluster("b", BUDGET)]) + "\n")
    write(t / "ok.jsonl", cluster("a") + "\n")
    write(t / "deep-pred.jsonl", json.dumps({"id": "a", "summary": "storm"}) + "\n" + DEEP + "\n")
    write(t / "pred.jsonl", json.dumps({"id": "a", "summary": "storm"}) + "\n")
    case("deep-json", "error naming the file", 2, lambda r: one_error(r, "deep.json", "nested too deeply"),
         mds("summarize", t / "deep.json", "--engine", "extractive"))
    case("deep-jsonl-line", "error naming file and line", 2, lambda r: one_error(r, "deep.jsonl line 2"),
         mds("summarize", t / "deep.jsonl", "--engine", "extractive"))
    case("deep-stdin", "error naming stdin", 2, lambda r: one_error(r, "stdin", "nested too deeply"),
         mds("summarize", "-", "--engine", "extractive"), stdin=DEEP.encode())
    case("deep-batch-line", "error line for it, the others summarized", 1,
         lambda r: [x["id"] for x in read_jsonl(t / "o-deep.jsonl")] == ["a", None, "b"],
         mds("batch", t / "mixed.jsonl", "--out", t / "o-deep.jsonl", "--engine", "extractive", "--no-progress"))
    case("deep-eval-predictions", "error naming predictions line", 2, lambda r: one_error(r, "deep-pred.jsonl line 2"),
         mds("eval", "score", "--data", t / "ok.jsonl", "--predictions", t / "deep-pred.jsonl", "--rouge-only"))
    for depth in (300, 100_000):
        page = "<html><body>" + "<div>" * depth + f"<p>{STORM[0]} {STORM[1]}</p>" + "</div>" * depth + "</body></html>"
        write(t / f"deep{depth}.html", page)
        case(f"deep-html-{depth}", "the article's text summarized", 0, lambda r: "storm" in r.out.lower(),
             mds("summarize", t / f"deep{depth}.html", "--engine", "extractive"))

    # 2. numbers that are not numbers
    write(t / "r.txt", " ".join(STORM))
    for value in ("inf", "1e300", "nan", "0", "-1"):
        case(f"max-input-mb-{value}", "refused when parsed, with the range", 2,
             lambda r: one_error(r, "--max-input-mb", "≤ 1024"), mds("summarize", t / "r.txt", "--max-input-mb", value))
    for value in ("0", "-5"):
        case(f"n-boot-{value}", "refused when parsed", 2, lambda r: one_error(r, "--n-boot"),
             mds("eval", "score", "--data", t / "ok.jsonl", "--predictions", t / "pred.jsonl", "--n-boot", value))
    for option in ("mmr_lambda=abc", "mmr_lambda=nan", "num_beams=0", "budget_stretch=inf"):
        case(f"option-{option}", "refused before any input is read", 2, lambda r, o=option: one_error(r, o.split("=")[0]),
             mds("batch", t / "missing.jsonl", "--out", t / "o.jsonl", "--engine", "fusion", "--option", option))
    api = ("import math, sys\nfrom summarizer import Summarizer, InputError\ns = Summarizer(engine='extractive')\n"
           f"for bad in (math.nan, math.inf):\n    try:\n        s.summarize({STORM!r}, max_words=bad)\n"
           "        sys.exit(1)\n    except InputError as e:\n        print(e)\n")
    case("api-max-words-nan-inf", "InputError for each", 0, lambda r: r.out.count("max_words") == 2,
         [sys.executable, "-c", api])

    # 3-4. bombs and long lines (8 GiB of blank lines in about 8 MB; the limit stops it at 1 GiB)
    gz_repeat(t / "blank-bomb.jsonl.gz", b"\n", 8 * 2**30)
    gz_repeat(t / "tiny-lines.jsonl.gz", b"{}\n", 2**30, head=(cluster("a") + "\n").encode())
    for name, argv in [("bomb-summarize", mds("summarize", t / "blank-bomb.jsonl.gz", "--engine", "extractive")),
                       ("bomb-batch", mds("batch", t / "blank-bomb.jsonl.gz", "--out", t / "o-bomb.jsonl",
                                          "--engine", "extractive", "--no-progress")),
                       ("bomb-eval-data", mds("eval", "score", "--data", t / "blank-bomb.jsonl.gz",
                                              "--predictions", t / "pred.jsonl", "--rouge-only")),
                       ("bomb-eval-predictions", mds("eval", "score", "--data", t / "ok.jsonl",
                                                     "--predictions", t / "blank-bomb.jsonl.gz"))]:
        case(name, "whole-file limit error at 1 GiB", 2, lambda r: one_error(r, "whole-file limit"), argv)
    case("bomb-tiny-lines-batch", "stopped after 10,000 bad lines in a row", 2,
         lambda r: one_error(r, "bad lines in a row"),
         mds("batch", t / "tiny-lines.jsonl.gz", "--out", t / "o-tiny.jsonl", "--engine", "extractive", "--no-progress"))
    gz_repeat(t / "long-line.jsonl.gz", b"a", 64 * 2**20, head=b'{"id": "x", "documents": ["')
    case("line-64mb-gz", "per-line limit error", 2, lambda r: one_error(r, "line 1", "per-line limit"),
         mds("summarize", t / "long-line.jsonl.gz", "--engine", "extractive"))
    long_line = json.dumps({"id": "big", "documents": ["word " * (9 * 2**20 // 5)]})
    write(t / "long.jsonl", "\n".join([cluster("a"), long_line, cluster("b", BUDGET)]) + "\n")
    case("line-9mib-batch", "one error line, no phantom cluster", 1,
         lambda r: [x["id"] for x in read_jsonl(t / "o-long.jsonl")] == ["a", None, "b"],
         mds("batch", t / "long.jsonl", "--out", t / "o-long.jsonl", "--engine", "extractive", "--no-progress"))

    # 6. pipes
    case("pipe-head", "quiet exit", 0, lambda r: not r.err.strip(),
         " ".join(mds("summarize", t / "r.txt", "--engine", "extractive")) + " | head -1", shell=True)

    # 7. other languages
    for lang, docs in (("zh", CHINESE), ("ja", JAPANESE), ("ko", KOREAN)):
        folder = t / lang
        folder.mkdir()
        for k, text in enumerate(docs):
            write(folder / f"{k}.txt", text)
        case(f"cjk-{lang}-extractive", "summarized from its sentences", 0,
             lambda r, d=docs: r.out.splitlines()[0].split()[0] in "".join(d),
             mds("summarize", folder, "--engine", "extractive"))
    case("cjk-zh-fusion", "extractive, said once", 0, lambda r: r.err.count("not English") == 1,
         mds("summarize", t / "zh"))

    # 8. names that forge output
    names = t / "names"
    names.mkdir()
    write(names / "a\n[9] Forged line.\x1b[31m.txt", STORM[0])
    write(names / "b.txt", STORM[1])
    case("name-newline-ansi", "escaped in text output", 0,
         lambda r: "\x1b" not in r.out and not any(x.startswith("[9]") for x in r.out.splitlines()),
         mds("summarize", names, "--engine", "extractive"))
    case("name-markdown", "escaped in markdown", 0, lambda r: "\x1b" not in r.out,
         mds("summarize", names, "--engine", "extractive", "--format", "markdown"))

    # 9. encrypted PDFs
    sys.path.insert(0, str(REPO / "tests"))
    from test_hostile_inputs import encrypted_pdf

    write(t / "aes-open.pdf", encrypted_pdf("", "AES-256"))
    write(t / "aes-locked.pdf", encrypted_pdf("secret", "AES-256"))
    case("pdf-aes-empty-password", "text read", 0, lambda r: "storm" in r.out.lower(),
         mds("summarize", t / "aes-open.pdf", "--engine", "extractive"))
    case("pdf-aes-password", "refused: password-protected", 2, lambda r: one_error(r, "password-protected"),
         mds("summarize", t / "aes-locked.pdf", "--engine", "extractive"))
    return cases


def resume_case(tmp: Path, cap: int, timeout: float) -> tuple[str, Result, bool]:
    """400 clusters to OUT.jsonl.gz, the run killed (SIGKILL) once OUT holds a few groups, then rerun:
    every id exactly once, the complete lines before the kill kept."""
    ids = [f"c{i}" for i in range(400)]
    data = write(tmp / "resume.jsonl", "".join(cluster(i, STORM if k % 2 else BUDGET) + "\n"
                                               for k, i in enumerate(ids)))
    out = tmp / "resume-out.jsonl.gz"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(mds("batch", data, "--out", out, "--engine", "extractive", "--batch-size", "4",
                                "--no-progress"), cwd=REPO, env=env, stderr=subprocess.DEVNULL)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout and proc.poll() is None and (not out.exists()
                                                                          or out.stat().st_size < 1500):
        time.sleep(0.05)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    size = out.stat().st_size
    r = run(mds("batch", data, "--out", out, "--engine", "extractive", "--no-progress"), cap, 4 * timeout)
    records = read_jsonl(out)
    ok = killed and r.rc == 0 and sorted(x["id"] for x in records) == sorted(ids) and "skipped 0" not in r.err
    skipped = r.err.split("skipped ")[1].split(",")[0] if "skipped " in r.err else "?"
    return (f"killed at {size:,} B of gzip; rerun kept {skipped}, summarized the rest; {len(records)} lines, "
            f"{len(set(x['id'] for x in records))} ids", r, ok)


def demo_case(tmp: Path, cap: int) -> tuple[str, Result, bool]:
    """`mds demo` under the cap; a POST announcing 400 MB (1 MB sent) is refused before parsing, and the
    server's memory after stays near idle."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    env = {**os.environ, "PYTHONPATH": str(REPO), "GRADIO_ANALYTICS_ENABLED": "False"}
    proc = subprocess.Popen(mds("demo", "--port", port), cwd=REPO, env=env, preexec_fn=limit,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.perf_counter()
    try:
        while time.perf_counter() - t0 < 120:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)

        def rss_mb() -> float:
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines())
            return int(fields["VmRSS"].split()[0]) / 1024

        idle = rss_mb()
        t1 = time.perf_counter()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/gradio_api/call/summarize", method="POST",
                                         data=io.BytesIO(b"x" * 2**20),
                                         headers={"Content-Type": "application/json",
                                                  "Content-Length": str(400 * 2**20)})
        try:
            status = urllib.request.urlopen(request, timeout=30).status
        except urllib.error.HTTPError as e:
            status = e.code
        except OSError:
            status = -1
        seconds = time.perf_counter() - t1
        after = rss_mb()
        peak = int(dict(line.split(":", 1) for line in Path(f"/proc/{proc.pid}/status").read_text()
                        .splitlines())["VmHWM"].split()[0]) / 1024
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    ok = status == 413 and after - idle < 50
    return (f"HTTP {status}; RSS idle {idle:.0f} MB, after {after:.0f} MB",
            Result(0, seconds, peak, "", ""), ok)


def scale(sizes: list[int], cap: int, timeout: float) -> None:
    """Peak memory of `mds batch` (lead engine: the reading and writing path, no model) and of
    `mds eval score --rouge-only` at each input size: flat if they stream."""
    print("| command | clusters | seconds | peak MB |\n|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for n in sizes:
            data = tmp / f"c{n}.jsonl.gz"
            with gzip.open(data, "wt", encoding="utf-8") as f:
                for i in range(n):
                    docs = [f"{text} Report {i} adds detail {i * 7}." for text in STORM]
                    f.write(json.dumps({"id": f"c{i}", "documents": docs, "references": [STORM[0]]}) + "\n")
            out = tmp / f"o{n}.jsonl.gz"
            r = run(mds("batch", data, "--out", out, "--engine", "lead", "--no-progress"), cap, timeout)
            print(f"| mds batch --engine lead | {n:,} | {r.seconds:.1f} | {r.peak_mb:.0f} |", flush=True)
            r = run(mds("eval", "score", "--data", data, "--predictions", out, "--rouge-only", "--n-boot", "100"),
                    cap, timeout)
            print(f"| mds eval score --rouge-only | {n:,} | {r.seconds:.1f} | {r.peak_mb:.0f} |", flush=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cap-gb", type=float, default=2.0, help="address-space cap per case (default 2)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per case (default 60)")
    p.add_argument("--only", default=None, help="run the cases whose name holds this")
    p.add_argument("--scale", default=None, metavar="N,M", help="measure batch/eval memory at these sizes instead")
    args = p.parse_args()
    cap = int(args.cap_gb * 2**30)
    if args.scale:
        scale([int(n) for n in args.scale.split(",")], cap, max(args.timeout, 3600))
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="mds-hostile-"))
    failed = 0
    try:
        print(f"cap {args.cap_gb:g} GiB address space, {args.timeout:g} s per case\n")
        print("| case | must | rc | outcome | seconds | peak MB |\n|---|---|---:|---|---:|---:|")
        for name, expect, kw, want_rc, check in build_cases(tmp):
            if args.only and args.only not in name:
                continue
            r = run(kw.pop("argv"), cap, args.timeout, **kw)
            try:
                ok = r.rc == want_rc and "Traceback" not in r.err and check(r)
            except Exception:  # noqa: BLE001 - a check that cannot read the output is a failed case
                ok = False
            failed += not ok
            last = (r.err.strip().splitlines() or [""])[-1][:90].replace("|", "/")
            print(f"| {name} | {expect} | {r.rc} | {'ok' if ok else 'FAILED'}: {last} | {r.seconds:.1f} "
                  f"| {r.peak_mb:.0f} |", flush=True)
        for name, extra in (("resume-killed-gz", resume_case), ("demo-400mb-post", demo_case)):
            if args.only and args.only not in name:
                continue
            note, r, ok = extra(tmp, cap, args.timeout) if name.startswith("resume") else extra(tmp, cap)
            failed += not ok
            print(f"| {name} | every cluster once / refused before parsing | {r.rc} | {'ok' if ok else 'FAILED'}: "
                  f"{note} | {r.seconds:.1f} | {r.peak_mb:.0f} |", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{failed} case(s) failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
