"""Hand-read verdicts on fusion candidates: the labelled data that fits, calibrates and tests the judge.

Accepted rewrites are read in docs/fusion-rewrites.md, one numbered item per rewrite (its sources and a
verdict); `eval/scripts/fusion_verdicts.py` gathers every version of that file from git history into
eval/data/fusion_verdicts.jsonl with `parse`, and `load` reads it back. Candidates the rules rejected
(each by exactly one rule) are read in docs/fusion-rejections.md; the same script writes them, with the
rule that rejected each, to eval/data/fusion_rejections.jsonl (`parse_rejections`, `rejections`).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

VERDICTS = Path(__file__).resolve().parents[2] / "eval" / "data" / "fusion_verdicts.jsonl"
REJECTIONS = VERDICTS.with_name("fusion_rejections.jsonl")
_ITEM = re.compile(r"^\d+\. \*\*(.+)\*\* \(cluster ([\w-]+);", re.M)
_SOURCE = re.compile(r"^\s+- source \(report (\d+)\): (.*)$")
_VERDICT = re.compile(r"^\s+- verdict: (.*)$")
_RANGE = re.compile(r"clusters (\d+)[–-](\d+)")


def parse(text: str) -> list[dict]:
    """The numbered items of one version of the read-through file, each with label 1 when read true."""
    found = _RANGE.search(text)
    clusters = f"{found.group(1)}-{found.group(2)}" if found else ""
    items, lines = [], text.splitlines()
    for k, line in enumerate(lines):
        m = _ITEM.match(line)
        if not m:
            continue
        sources, verdict = [], None
        for follow in lines[k + 1:]:
            if _ITEM.match(follow):
                break
            if s := _SOURCE.match(follow):
                sources.append(s.group(2).strip())
            elif v := _VERDICT.match(follow):
                verdict = v.group(1).strip()
        if verdict and sources:
            items.append({"candidate": m.group(1).strip(), "cluster": m.group(2), "sources": sources,
                          "verdict": verdict, "label": int(verdict.lower().startswith("true")),
                          "clusters": clusters})
    return items


_RULE = re.compile(r"^\d+\. \*\*.+\*\* \(cluster [\w-]+; rule `([\w-]+)`", re.M)


def parse_rejections(text: str) -> list[dict]:
    """The read items of docs/fusion-rejections.md, each with the one rule that rejected it."""
    items, rules = parse(text), _RULE.findall(text)
    if len(items) != len(rules):
        raise ValueError(f"{len(items)} read items but {len(rules)} rules named")
    return [{**item, "rule": rule} for item, rule in zip(items, rules)]


def rejections(path: Path = REJECTIONS) -> list[dict]:
    """The read rejections (eval/data/fusion_rejections.jsonl): candidates of Multi-News val 1521-1550
    that one rule rejected, read for the rules' ablation (docs/rule-ablation.md); the shipped judge was
    fit before they were read."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# The judge is fitted on every read (`training.judge`). Reads after this one were drawn from rewrites the
# judged engine of their day accepted: what that judge rejected was never read. The "fit"/"test"/"engine"
# splits date from the first judge (fitted on the reads before this one, tested on it); the rule ablation
# and eval/scripts/judge_verdicts.py still report by them.
JUDGE_TEST_READ = "1491-1520"


def load(split: str, path: Path = VERDICTS) -> list[dict]:
    """Hand-read verdicts: "all", "fit" (reads older than `JUDGE_TEST_READ`), "test" (`JUDGE_TEST_READ`) or
    "engine" (later reads, of the judged engine's own accepted rewrites)."""
    if split not in ("all", "fit", "test", "engine"):
        raise ValueError(f"unknown verdict split {split!r}: all, fit, test or engine")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def first_cluster(row: dict) -> int:
        return int(row["clusters"].split("-")[0])

    test_start = first_cluster({"clusters": JUDGE_TEST_READ})
    side = {"all": lambda r: True, "fit": lambda r: first_cluster(r) < test_start,
            "test": lambda r: r["clusters"] == JUDGE_TEST_READ, "engine": lambda r: first_cluster(r) > test_start}[split]
    return [r for r in rows if side(r)]
