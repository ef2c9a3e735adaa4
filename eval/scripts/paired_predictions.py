"""Two runs' predictions on the same clusters, compared: ROUGE F1 of each and a paired bootstrap of the
difference (e.g. the extractive engine before and after a cleaning change, from two `mds eval run` folders).

    python eval/scripts/paired_predictions.py CLUSTERS.jsonl BEFORE/predictions/extractive.jsonl \
        AFTER/predictions/extractive.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from summarizer.evaluation.rouge_core import rouge_scores  # noqa: E402
from summarizer.evaluation.stats import paired_bootstrap  # noqa: E402


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("clusters", type=Path, help='JSONL of {"id", "references"}')
    parser.add_argument("before", type=Path, help='predictions JSONL of {"id", "summary"}')
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    refs = {c["id"]: c["references"] for c in read_jsonl(args.clusters)}
    runs = [{p["id"]: p.get("summary") or "" for p in read_jsonl(path)} for path in (args.before, args.after)]
    ids = sorted(refs)
    scores = [rouge_scores([run.get(i, "") for i in ids], [refs[i] for i in ids]) for run in runs]
    print(f"{len(ids)} clusters; {sum(runs[0].get(i) != runs[1].get(i) for i in ids)} summaries differ")
    for metric in ("rouge1", "rouge2", "rougeL", "rougeLsum"):
        a, b = (np.array([s[metric] for s in run]) for run in scores)
        test = paired_bootstrap(b, a)
        print(f"{metric}: {100 * a.mean():.2f} -> {100 * b.mean():.2f}  difference {100 * test.mean_diff:+.2f} "
              f"[{100 * test.low:+.2f}, {100 * test.high:+.2f}], p = {test.p_value:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
