"""Fusion candidates that the verification rules rejected, each by exactly one rule, drawn at random
from Multi-News validation clusters 1001+ for a person to judge: what each rule costs in recall.

    python eval/scripts/rejected_samples.py --n 40 --start 1521 --clusters 30 --out docs/fusion-rejections.md
    python eval/scripts/rejected_samples.py --tally docs/fusion-rejections.md   # once the verdicts are in
    python eval/scripts/rejected_samples.py --judge --n 50 --start 2381 --clusters 40 \
        --out docs/fusion-judge-rejections.md    # what the judge alone rejects instead

The engine (`engines/fusion.py`) tries each fact's candidates in rank order and keeps the first that
passes the word rules (`fusion/verify.py` `problems`), the structure rules (`fusion/alignment.py`
`structure_problems`), the meaning-drift test and the judge. Here the same plan, generation and
recasing are run, and for each fact the best-ranked candidate the engine tried and rejected with
exactly one rule's flag is listed (one per fact, so that near-identical beams do not fill the
draw). Such a candidate is what that rule alone stands between and the summary. Written as
docs/fusion-rewrites.md is (the rule in each item's header line, its group's sentences as sources,
an empty verdict), then how many single-rule rejections each rule made in these clusters, and the
judge's score on each drawn candidate (would the judge have caught it if the rule were gone?).
With `--judge`: per fact, the first candidate that every rule and the meaning-drift test pass (not a copy
of a source sentence) when the judge scores it below its threshold: what the judge costs in recall.
"""
from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from pathlib import Path

from summarizer.files import iter_json_lines


def flags_of(engine, text: str, texts: list[str], vocab: set[str]) -> list[str]:
    """Every rule's flag on one candidate, as the engine's `_pick` computes them."""
    from summarizer.fusion.alignment import structure_problems
    from summarizer.fusion.verify import problems

    found = problems(text, texts, vocab, engine._known_word)
    return found + [p for p in structure_problems(text, texts) if p not in found]


def generated(summarizer, row: dict, max_words: int):
    """(engine, prepared cluster, plan, the model's candidates per fact) of one cluster, as the engine makes
    them; None when the plan has nothing to fuse."""
    engine = summarizer.engine
    cluster = summarizer._prepare(row["documents"])
    plan = engine._plan(cluster, max_words)
    if not plan["inputs"]:
        return None
    return engine, cluster, plan, engine.generate(plan["inputs"], plan["anchor_words"])[0]


def single_rule_rejections(summarizer, row: dict, max_words: int) -> list[dict]:
    """Per fact of one cluster, the best-ranked candidate tried before the engine's pick (or among all,
    when nothing passed) whose only flag is one rule's."""
    from summarizer.fusion.recase import recase, spelling_counts
    from summarizer.fusion.verify import vocabulary

    if (made := generated(summarizer, row, max_words)) is None:
        return []
    engine, cluster, plan, candidates_per_fact = made
    cluster_texts = [d.text for d in cluster.documents]
    counts = spelling_counts(cluster_texts)
    group_texts = [[cluster.sentences[m].text for m in group] for group in plan["groups"]]
    candidates = [engine._rewrites_first([recase(g, texts, cluster_counts=counts) for g in cands], texts)
                  for cands, texts in zip(candidates_per_fact, group_texts)]
    _, picked, _ = engine.verified(cluster, plan, candidates_per_fact, candidates=candidates)
    vocab = vocabulary(cluster_texts)
    found = []
    for g, (cands, texts, pick) in enumerate(zip(candidates, group_texts, picked)):
        for k, text in enumerate(cands):
            if text == pick:
                break   # the engine stopped here: later candidates were never rejected
            flags = flags_of(engine, text, texts, vocab)
            if len(flags) == 1:
                docs = [cluster.sentences[m].doc + 1 for m in plan["groups"][g]]
                found.append({"cluster": row["id"], "candidate": text, "rule": flags[0], "rank": k + 1,
                              "of": len(cands), "sources": list(zip(docs, texts)), "picked": pick is not None})
                break
    return found


def judge_rejections(summarizer, judge, row: dict, max_words: int) -> list[dict]:
    """Per fact of one cluster, the candidate the engine without its judge would keep first (it passes
    every rule and the meaning-drift test; not a copy of a source sentence) when the judge scores it below
    its threshold: what the judge alone stands between and the summary."""
    from summarizer.engines.fusion import squash

    if (made := generated(summarizer, row, max_words)) is None:
        return []
    engine, cluster, plan, candidates_per_fact = made
    group_texts, picked, _ = engine.verified(cluster, plan, candidates_per_fact)
    asked = [(g, pick) for g, pick in enumerate(picked)
             if pick is not None and squash(pick) not in {squash(t) for t in group_texts[g]}]
    scores = judge.scores([(pick, group_texts[g]) for g, pick in asked], scorer=engine.candidate_log_probs)
    found = []
    for (g, pick), score in zip(asked, scores):
        if score < judge.threshold:
            docs = [cluster.sentences[m].doc + 1 for m in plan["groups"][g]]
            found.append({"cluster": row["id"], "candidate": pick, "rule": "judged-false", "score": float(score),
                          "rank": 1, "of": 1, "sources": list(zip(docs, group_texts[g])), "picked": False})
    return found


def tally(path: Path) -> str:
    """Per rule, in a read file: its true and grammatical rejections (what it costs) and the wrong ones
    it caught, each split by the judge's word on them, as a Markdown table."""
    from summarizer.training.verdicts import parse

    text = path.read_text(encoding="utf-8")
    rules = [m.group(1) for m in re.finditer(r"^\d+\. \*\*.+\*\* \(cluster [\w-]+; rule `([\w-]+)`", text, re.M)]
    fell = ["fell back" in line for line in text.splitlines() if re.match(r"^\d+\. \*\*", line)]
    judged = [m.group(1) == "accept" for m in re.finditer(r"^- \d+: [\d.]+ \((accept|reject)\)$", text, re.M)]
    items = parse(text)
    if not (len(items) == len(rules) == len(fell) == len(judged)):
        raise SystemExit(f"{path}: {len(items)} read items, {len(rules)} rules, {len(judged)} judge lines")
    rows: dict[str, Counter] = {}
    for item, rule, back, accept in zip(items, rules, fell, judged):
        c = rows.setdefault(rule, Counter())
        kind = "true" if item["label"] else "wrong"
        c[kind] += 1
        c[f"{kind}-judge"] += accept
        c["true-fell"] += bool(item["label"]) and back
    out = ["| rule | drawn | true and grammatical (false rejections) | of them, the fact fell back | "
           "of them, the judge accepts | wrong (caught) | of them, the judge accepts |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    total: Counter = Counter()
    for rule, c in sorted(rows.items(), key=lambda kv: -(kv[1]["true"] + kv[1]["wrong"])):
        total.update(c)
        out.append(f"| `{rule}` | {c['true'] + c['wrong']} | {c['true']} | {c['true-fell']} | {c['true-judge']} | "
                   f"{c['wrong']} | {c['wrong-judge']} |")
    out.append(f"| all | {total['true'] + total['wrong']} | {total['true']} | {total['true-fell']} | "
               f"{total['true-judge']} | {total['wrong']} | {total['wrong-judge']} |")
    return "\n".join(out)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=40)
    p.add_argument("--data", default="../shared/data/multinews/val.jsonl.gz")
    p.add_argument("--start", type=int, default=1521, help="first cluster (1-based) to draw from")
    p.add_argument("--clusters", type=int, default=30, help="how many clusters to summarize")
    p.add_argument("--max-words", type=int, default=230)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("docs/fusion-rejections.md"))
    p.add_argument("--tally", type=Path, default=None, help="a read file: print the per-rule table and stop")
    p.add_argument("--judge", action="store_true", help="draw what the judge alone rejects instead (the first "
                   "candidate of a fact that every rule passes, scored below the judge's threshold)")
    args = p.parse_args()
    if args.tally:
        print(tally(args.tally))
        return 0
    if args.start < 1001:
        p.error("--start must be 1001 or later: clusters 1-500 are the evaluation set")

    from summarizer import Summarizer
    from summarizer.fusion.judge import shared_judge

    summarizer = Summarizer(engine="fusion", judge=not args.judge)
    judge = shared_judge(None)
    found = []
    for number, row in iter_json_lines(args.data):
        if number >= args.start + args.clusters:
            break
        if number >= args.start:
            found += (judge_rejections(summarizer, judge, row, args.max_words) if args.judge
                      else single_rule_rejections(summarizer, row, args.max_words))
    chosen = random.Random(args.seed).sample(found, min(args.n, len(found)))
    if args.judge:
        return write_judge_rejections(args, found, chosen, judge.threshold)
    scores = judge.scores([(c["candidate"], [t for _, t in c["sources"]]) for c in chosen])
    last = args.start + args.clusters - 1
    lines = [f"# {len(chosen)} fusion candidates rejected by exactly one rule, read against their sources", "",
             f"Drawn at random (seed {args.seed}) from the {len(found)} facts of the `fusion` plans of Multi-News "
             f"validation clusters {args.start}–{last} at {args.max_words} words whose best-ranked rejected "
             "candidate carries exactly one rule's flag (`python eval/scripts/rejected_samples.py "
             f"--n {args.n} --start {args.start} --clusters {args.clusters}`). Sources: the fact's input group. "
             "Verdict: true (every claim stated by a source sentence) and grammatical, or what is wrong.", ""]
    for k, c in enumerate(chosen, 1):
        fate = "another candidate kept" if c["picked"] else "the fact fell back to its source sentence"
        lines.append(f"{k}. **{c['candidate']}** (cluster {c['cluster']}; rule `{c['rule']}`; "
                     f"candidate {c['rank']} of {c['of']}; {fate})")
        lines += [f"   - source (report {doc}): {text}" for doc, text in c["sources"]]
        lines += ["   - verdict: ", ""]
    lines += ["## Single-rule rejections in these clusters, by rule", "", "| rule | facts | drawn |", "|---|---:|---:|"]
    pool, drawn = Counter(c["rule"] for c in found), Counter(c["rule"] for c in chosen)
    lines += [f"| `{rule}` | {n} | {drawn[rule]} |" for rule, n in pool.most_common()]
    lines += ["", f"## The judge on the drawn candidates (threshold {judge.threshold:.4f})", "",
              "Its score on each; the judge would accept those at or above the threshold if their rule were gone.", ""]
    lines += [f"- {k}: {s:.3f} ({'accept' if s >= judge.threshold else 'reject'})" for k, s in enumerate(scores, 1)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chosen)} of {len(found)} single-rule rejections written to {args.out}")
    print(", ".join(f"{rule} {n}" for rule, n in pool.most_common()))
    return 0


def write_judge_rejections(args, found: list[dict], chosen: list[dict], threshold: float) -> int:
    last = args.start + args.clusters - 1
    lines = [f"# {len(chosen)} fusion candidates rejected by the judge alone, read against their sources", "",
             f"Drawn at random (seed {args.seed}) from the {len(found)} facts of the `fusion` plans of Multi-News "
             f"validation clusters {args.start}–{last} at {args.max_words} words whose first candidate passing every "
             f"rule and the meaning-drift test the judge scores below its threshold ({threshold:.4f}) "
             f"(`python eval/scripts/rejected_samples.py --judge --n {args.n} --start {args.start} --clusters "
             f"{args.clusters}`). Sources: the fact's input group. Verdict: true (every claim stated by a source "
             "sentence) and grammatical, or what is wrong.", ""]
    for k, c in enumerate(chosen, 1):
        lines.append(f"{k}. **{c['candidate']}** (cluster {c['cluster']}; judge score {c['score']:.3f})")
        lines += [f"   - source (report {doc}): {text}" for doc, text in c["sources"]]
        lines += ["   - verdict: ", ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(chosen)} of {len(found)} judge rejections written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
