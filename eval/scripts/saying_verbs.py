"""Selection with the one list of verbs of saying (text.SAYING_VERBS) against the lists it replaced (session 24).

    python eval/scripts/saying_verbs.py [--sets multinews-tune neus-tune multinews neus]

Before, selection's first-person test and its bare-quotation test each had a short list of their own: a
quotation whose speaker is named with "wrote", "asked", "insisted"... was weighed as one with no speaker.
Same prepared clusters, extractive selection with the learned concept weights, each list in turn: ROUGE-2
F1 of both, the paired bootstrap of the difference (95%), and how many summaries changed.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from selection_weights import SETS, prepared_clusters, rouge_per_cluster, run_system  # noqa: E402

import summarizer.pipeline.select as select  # noqa: E402
import summarizer.text as text  # noqa: E402

OLD_SAYS_WHO = re.compile(r"(?<!\bi )(?<!\bwe )\b(said|says|told|tells|added|adds|according|wrote|writes|explained|"
                          r"claims?|claimed|recalled|asked|tweeted|posted|insisted|argued|noted)\b", re.IGNORECASE)
OLD_ATTRIBUTED = re.compile(r"\b(said|says|told|added|according)\b", re.IGNORECASE)


def use(says_who: re.Pattern, attributed: re.Pattern) -> None:
    text._SAYS_WHO, select._ATTRIBUTED = says_who, attributed
    select.sentence_quality.cache_clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", choices=list(SETS), default=["multinews-tune", "neus-tune", "multinews", "neus"])
    parser.add_argument("--cache", type=Path, default=Path(__file__).resolve().parents[2] / "runs" / "selection" / "prepared")
    args = parser.parse_args()
    lists = {"before": (OLD_SAYS_WHO, OLD_ATTRIBUTED), "one list": (text._SAYS_WHO, select._ATTRIBUTED)}
    rng = np.random.default_rng(0)
    for name in args.sets:
        clusters, prepared = prepared_clusters(name, args.cache)
        out = {}
        for label, patterns in lists.items():
            use(*patterns)
            predictions = run_system(prepared, SETS[name][3], {"concept_weights": "learned"})[0]
            out[label] = (predictions, rouge_per_cluster(clusters, predictions)["rouge2"])
        diff = out["one list"][1] - out["before"][1]
        boots = [diff[rng.integers(0, len(diff), len(diff))].mean() for _ in range(2000)]
        changed = sum(a != b for a, b in zip(out["before"][0], out["one list"][0]))
        print(f"{name}: before {out['before'][1].mean():.2f}, one list {out['one list'][1].mean():.2f}, "
              f"difference {diff.mean():+.3f} [{np.percentile(boots, 2.5):+.2f}, {np.percentile(boots, 97.5):+.2f}], "
              f"summaries changed {changed}/{len(diff)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
