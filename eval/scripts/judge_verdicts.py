"""The fusion judge and the verification rules on the hand-read verdicts (eval/data/fusion_verdicts.jsonl).

    python eval/scripts/judge_verdicts.py [--judge PATH] [--calibrate]

Splits (summarizer/training/verdicts.py): "fit" = the older reads (Multi-News val 1001-1030 and
1251-1280), "test" = 1491-1520, read before any judge existed, "engine" = later reads, drawn from what
the judged engine of their day accepted, "rejected" = the 40 read rejections of Multi-News val 1521-1550
(docs/fusion-rejections.md). The shipped judge is fitted on every read (all but "rejected" are in its
training data, so its figures there are in-sample); its held-out figures (fitted on older reads only)
are in the model's training.json and from eval/scripts/judge_verdicts_only.py. `--judge` scores another
judge, e.g. an older one taken from git history.
Prints, on each, precision (share of accepted candidates that are true and grammatical) and recall
(share of the true ones accepted) of:
- the rules alone (every check of fusion/verify.py and fusion/alignment.py, as the engine ran them),
- the judge alone, at its calibrated threshold,
- the engine's acceptance test: the rules, then the judge.
Then the ablation of every rule: on all verdicts, how many true rewrites it rejects and how many wrong
ones it catches that the judge accepts. The threshold is the one `python -m summarizer.training.judge fit`
chose on leave-one-read-out scores of the verdicts (judge.json).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def rule_flags(candidate: str, sources: list[str]) -> list[str]:
    from summarizer.fusion.alignment import structure_problems
    from summarizer.fusion.verify import problems

    found = problems(candidate, sources)
    return found + [p for p in structure_problems(candidate, sources) if p not in found]


def precision_recall(accept: np.ndarray, labels: np.ndarray) -> tuple[float, float, int]:
    n = int(accept.sum())
    precision = float(labels[accept].mean()) if n else float("nan")
    recall = float(accept[labels == 1].mean()) if (labels == 1).any() else float("nan")
    return precision, recall, n


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--judge", default=None)
    args = p.parse_args()
    from summarizer.fusion.judge import Judge
    from summarizer.training.verdicts import load, rejections

    parts = {"fit": load("fit"), "rejected": rejections(), "test": load("test"), "engine": load("engine")}
    parts = {name: rows for name, rows in parts.items() if rows}
    rows = [r for name in parts for r in parts[name]]
    split = np.array([name for name in parts for _ in parts[name]])
    labels = np.array([r["label"] for r in rows])
    judge = Judge(args.judge)
    flags = [rule_flags(r["candidate"], r["sources"]) for r in rows]
    scores = judge.scores([(r["candidate"], r["sources"]) for r in rows], flags)
    rules_ok = np.array([not f for f in flags])

    judged = scores >= judge.threshold
    print(f"judge threshold {judge.threshold:.4f}")
    print(f"{'split':8} {'n':>4} {'true':>4} | {'system':28} {'precision':>9} {'recall':>7} {'accepted':>8}")
    for name in parts:
        s = split == name
        for system, accept in (("rules alone", rules_ok), ("judge alone", judged),
                               ("engine: rules, then judge", rules_ok & judged)):
            prec, rec, n = precision_recall(accept[s], labels[s])
            print(f"{name:8} {int(s.sum()):4} {int(labels[s].sum()):4} | {system:28} {prec:9.3f} {rec:7.3f} {n:8}")
    print("\nablation on all verdicts: rule -> true rewrites it rejects / wrong ones it catches / of those, "
          "accepted by the judge")
    names = sorted({f for fl in flags for f in fl})
    for name in names:
        hit = np.array([name in f for f in flags])
        print(f"  {name:26} {int((hit & (labels == 1)).sum()):3} / {int((hit & (labels == 0)).sum()):3} / "
              f"{int((hit & (labels == 0) & judged).sum()):3}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
