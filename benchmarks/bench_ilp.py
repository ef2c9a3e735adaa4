"""HiGHS settings for the coverage programmes, compared on real programmes: time and the solutions chosen.

Collects every programme `coverage._milp` receives while the engines summarize some clusters (the
seed cluster, Multi-News val clusters of the tuning range, DUC 2006 topics), then solves each one
with every setting in turn, round after round (so that the machine's load falls on all alike), and
reports per setting: the total and the largest solve time, the seed cluster's three (fusion: two
selections and the joint choice), and how many programmes got another choice of integer variables than
the shipped setting's.

    python benchmarks/bench_ilp.py --clusters 40 --duc-topics 3 --rounds 3
    python benchmarks/bench_ilp.py --load runs/ilp-programmes.pkl    # the programmes collected before
"""
from __future__ import annotations

import argparse
import itertools
import pickle
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
SETTINGS = {               # each in place of `coverage.HIGHS_OPTIONS`
    "shipped": None,
    "HiGHS's defaults (strong branching)": {},
    "no heuristics": {"mip_pscost_minreliable": 0, "mip_heuristic_effort": 0.0},
    "no presolve": {"mip_pscost_minreliable": 0, "presolve": "off"},
}


def collect(args) -> list[tuple]:
    """The arguments of every programme solved while summarizing the chosen clusters."""
    from summarizer import Summarizer
    from summarizer.api import as_documents
    from summarizer.evaluation.data import iter_clusters
    from summarizer.evaluation.duc_data import read_duc2006
    from summarizer.pipeline import coverage

    programmes: list[tuple] = []
    solve = coverage._milp

    def spy(*a):
        programmes.append(a)
        return solve(*a)

    coverage._milp = spy
    try:
        multinews = itertools.islice(iter_clusters(DATA / "multinews" / "val.jsonl.gz", limit=args.first + args.clusters - 1),
                                     args.first - 1, None)
        clusters = ([("seeds", as_documents(sorted((DATA / "seeds").glob("*.txt"))), 150)]
                    + [(row["id"], row["documents"], 230) for row in multinews]
                    + [(row["id"], row["documents"], 250) for row in read_duc2006(DATA / "duc2006")[:args.duc_topics]])
        for engine in ("fusion", "extractive"):
            summarizer = Summarizer(engine=engine)
            for name, documents, words in clusters:
                try:
                    summarizer.summarize(documents, max_words=words)
                except Exception as e:       # a cluster with no text is skipped, as the harness does
                    print(f"{engine} {name}: {e}", file=sys.stderr)
    finally:
        coverage._milp = solve
    return programmes


def solve_with(programme: tuple, options: dict | None) -> tuple[np.ndarray | None, float]:
    """The programme solved by `coverage._milp` with `options` (None: the shipped ones) as its HiGHS options."""
    from summarizer.pipeline import coverage

    shipped = coverage.HIGHS_OPTIONS
    coverage.HIGHS_OPTIONS = shipped if options is None else options
    try:
        t0 = time.perf_counter()
        x, _ = coverage._milp(*programme)
        return x, time.perf_counter() - t0
    finally:
        coverage.HIGHS_OPTIONS = shipped


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clusters", type=int, default=40, help="Multi-News val clusters, from --first")
    p.add_argument("--first", type=int, default=1001, help="the first Multi-News val cluster (1-based; 1001+ is the tuning range)")
    p.add_argument("--duc-topics", type=int, default=3)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--save", type=Path, help="write the collected programmes here")
    p.add_argument("--load", type=Path, help="programmes collected before")
    args = p.parse_args(argv)
    programmes = pickle.loads(args.load.read_bytes()) if args.load else collect(args)
    if args.save:
        args.save.write_bytes(pickle.dumps(programmes))
    print(f"{len(programmes)} programmes, {sum(a[5] for a in programmes):,} integer variables in all, "
          f"the largest {max(a[5] for a in programmes):,}")
    seconds = {name: np.zeros((args.rounds, len(programmes))) for name in SETTINGS}
    chosen = {name: [None] * len(programmes) for name in SETTINGS}
    for r in range(args.rounds):
        for i, programme in enumerate(programmes):
            for name, options in SETTINGS.items():
                x, t = solve_with(programme, options)
                seconds[name][r, i] = t
                chosen[name][i] = None if x is None else tuple(np.flatnonzero(x[:programme[5]] > 0.5))
    for name in SETTINGS:
        best = seconds[name].min(axis=0)
        differ = sum(a != b for a, b in zip(chosen[name], chosen["shipped"]))
        print(f"{name}: total {best.sum():.2f} s (best of {args.rounds} per programme), the first three (the seed "
              f"cluster's, fusion) {best[:3].sum():.3f} s, largest {best.max():.3f} s, "
              f"{differ} of {len(programmes)} programmes choose otherwise than the shipped setting")
    return 0


if __name__ == "__main__":
    sys.exit(main())
