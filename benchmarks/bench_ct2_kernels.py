"""Warm fusion of the seed cluster with CTranslate2's default int8 kernels and with the portable ones.

    python benchmarks/bench_ct2_kernels.py --rounds 2

Each round runs two fresh processes, one after the other: the CPU's default kernels (MKL on an Intel CPU)
and the portable ones (`CT2_USE_MKL=0 ONEDNN_MAX_CPU_ISA=AVX2`, what an AMD machine and the test suite use).
Each summarizes the seed cluster at 120 words once to warm up, then three times timed, and prints the times
and how many of the summary's sentences are rewrites: the kernels round differently, so the summaries can
differ as well as the speed.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worker(max_words: int) -> None:
    sys.path.insert(0, str(ROOT))
    from summarizer import Summarizer
    from summarizer.types import Document

    seeds = sorted((ROOT.parent / "shared" / "data" / "seeds").glob("*.txt"))
    docs = [Document(p.read_text(encoding="utf-8"), p.name) for p in seeds]
    summarizer = Summarizer(engine="fusion")
    summarizer.summarize(docs, max_words=max_words)
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = summarizer.summarize(docs, max_words=max_words)
        times.append(time.perf_counter() - t0)
    rewrites = sum(bool(s.drawn_from) for s in out.sentences)
    print(f"{' '.join(f'{t:.2f}' for t in times)} s; {rewrites} of {len(out.sentences)} sentences rewritten")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--max-words", type=int, default=120)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.max_words)
        return 0
    sys.path.insert(0, str(ROOT))
    from summarizer.runtime import PORTABLE_KERNELS

    base = {k: v for k, v in os.environ.items() if k not in PORTABLE_KERNELS}
    for _ in range(args.rounds):
        for name, env in (("default kernels ", base), ("portable kernels", {**base, **PORTABLE_KERNELS})):
            done = subprocess.run([sys.executable, __file__, "--worker", "--max-words", str(args.max_words)],
                                  env=env, capture_output=True, text=True, check=True)
            print(f"{name}: {done.stdout.strip()}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
