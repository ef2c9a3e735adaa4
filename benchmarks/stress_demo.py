"""Stress the web demo: N concurrent API clients against a local server, bounded in time.

    python benchmarks/stress_demo.py --clients 20 --engine extractive --deadline 300

Starts the demo in this process (the given --concurrency and --max-queue), waits for one warm-up
request (model loading is not what is measured), then starts all clients at once, each sending the
bundled example cluster. Every client has the same deadline; one that has no answer by then counts
as a timeout. Reports successes, queue refusals ("queue is full"), other errors, timeouts and the
latency of the successful requests (median, 90th percentile, max), as JSON on stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def classify(error: BaseException) -> str:
    text = str(error).lower()
    return "queue_refused" if "queue" in text and "full" in text else "error"


def run_client(url: str, reports: list[str], engine: str, max_words: int, deadline: float,
               results: list, lock: threading.Lock) -> None:
    from gradio_client import Client

    t0 = time.perf_counter()
    try:
        client = Client(url, verbose=False)
        job = client.submit(reports=reports, engine=engine, max_words=max_words, api_name="/summarize")
        job.result(timeout=max(0.1, deadline - time.perf_counter()))
        outcome = ("ok", time.perf_counter() - t0, "")
    except TimeoutError:
        outcome = ("timeout", time.perf_counter() - t0, "")
    except Exception as e:  # noqa: BLE001 - every failure is counted by kind
        outcome = (classify(e), time.perf_counter() - t0, str(e)[:200])
    with lock:
        results.append(outcome)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--engine", default="extractive")
    parser.add_argument("--max-words", type=int, default=80)
    parser.add_argument("--concurrency", type=int, default=2, help="the server's --concurrency")
    parser.add_argument("--max-queue", type=int, default=16, help="the server's --max-queue")
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds every client may wait")
    args = parser.parse_args()

    from summarizer.demo.app import build_app, example_clusters, launch

    reports = [d.text for d in next(iter(example_clusters().values()))]
    app = build_app(concurrency_limit=args.concurrency, max_queue=args.max_queue)
    port = free_port()
    launch(app, port=port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        from gradio_client import Client

        t0 = time.perf_counter()
        Client(url, verbose=False).predict(reports=reports, engine=args.engine, max_words=args.max_words,
                                           api_name="/summarize")
        warmup = time.perf_counter() - t0

        results: list = []
        lock = threading.Lock()
        start = time.perf_counter()
        deadline = start + args.deadline
        threads = [threading.Thread(target=run_client, daemon=True,
                                    args=(url, reports, args.engine, args.max_words, deadline, results, lock))
                   for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(0.1, deadline + 5 - time.perf_counter()))
        wall = time.perf_counter() - start
    finally:
        app.close()

    with lock:
        done = list(results)
    latencies = [seconds for kind, seconds, _ in done if kind == "ok"]
    counts = {kind: sum(1 for k, _, _ in done if k == kind) for kind in ("ok", "queue_refused", "error", "timeout")}
    counts["timeout"] += args.clients - len(done)   # threads still waiting at the deadline
    report = {
        "clients": args.clients, "engine": args.engine, "concurrency": args.concurrency,
        "max_queue": args.max_queue, "deadline_s": args.deadline, "warmup_s": round(warmup, 2),
        "wall_s": round(wall, 2), "successes": counts["ok"], "queue_refusals": counts["queue_refused"],
        "errors": counts["error"], "timeouts": counts["timeout"],
        "latency_s": {"median": round(statistics.median(latencies), 2), "p90": round(percentile(latencies, 0.9), 2),
                      "max": round(max(latencies), 2)} if latencies else None,
        "error_samples": sorted({msg for kind, _, msg in done if kind == "error"})[:3],
    }
    print(json.dumps(report, indent=2))
    return 0 if counts["ok"] and not counts["error"] else 1


if __name__ == "__main__":
    sys.exit(main())
