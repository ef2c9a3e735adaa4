"""Selection with and without a rule for lines whose speaker a reader cannot tell, side by side (sessions 23, 26, 27).

    python eval/scripts/first_person_lines.py --sets multinews-tune neus-tune multinews neus
    python eval/scripts/first_person_lines.py --rule second-person --sets multinews-tune neus-tune multinews neus
    python eval/scripts/first_person_lines.py --rule imperative --sets multinews-tune neus-tune multinews neus

`select.sentence_quality` skips a sentence in the first person outside quotation marks that names no one
saying it (`--rule first-person`, `text.speaks_unnamed`) and one that speaks to "you" outside quotation marks
and names no one saying it (`--rule second-person`, `text.addresses_reader`), and one that opens on a verb telling
its reader what to do (`--rule imperative`, `imperatives.commands_reader`). On the clusters
`selection_weights.py` prepares (and caches), the extractive engine's selection runs with the rule switched
off, then on; per set: ROUGE-1/2/L, summary sentences, how many of them are such lines, NeuS arousal, and the
paired bootstrap of the ROUGE-2 difference.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import selection_weights as SW  # noqa: E402  (the prepared clusters and the scoring of that script)

RULES = {"first-person": "speaks_unnamed", "second-person": "addresses_reader", "imperative": "commands_reader"}   # select's name of each test


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sets", nargs="+", choices=list(SW.SETS), default=["multinews-tune", "neus-tune"])
    parser.add_argument("--rule", choices=list(RULES), default="first-person")
    parser.add_argument("--cache", type=Path, default=SW.REPO / "runs" / "selection" / "prepared")
    args = parser.parse_args()
    from summarizer.evaluation.stats import paired_bootstrap
    from summarizer.pipeline import select

    name_in_select = RULES[args.rule]
    rule = getattr(select, name_in_select)
    for name in args.sets:
        clusters, prepared = SW.prepared_clusters(name, args.cache)
        rouge2 = {}
        for label, check in (("without", lambda text: False), ("with", rule)):
            setattr(select, name_in_select, check)
            select.sentence_quality.cache_clear()
            predictions, _, repeated = SW.run_system(prepared, SW.SETS[name][3], {})
            scores = SW.rouge_per_cluster(clusters, predictions)
            lines = [line for p in predictions for line in p.split("\n") if line.strip()]
            arousal = SW.arousal(clusters, predictions) if name.startswith("neus") else None
            rouge2[label] = scores["rouge2"]
            print(f"{name} {label}: R1 {scores['rouge1'].mean():.2f} R2 {scores['rouge2'].mean():.2f} "
                  f"RL {scores['rougeL'].mean():.2f} sentences {len(lines)} {args.rule} {sum(map(rule, lines))} "
                  f"repeated {repeated:.3f}" + (f" arousal+/- {arousal[0]:.2f}/{arousal[1]:.2f}" if arousal else ""),
                  flush=True)
        d = paired_bootstrap(rouge2["with"], rouge2["without"])
        print(f"  R2 with - without: {d.mean_diff:+.2f} [{d.low:+.2f}, {d.high:+.2f}] p={d.p_value:.3f}")
    setattr(select, name_in_select, rule)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
