"""Hand-read verdicts on accepted fusion rewrites: the labelled data that calibrates and tests the judge.

They are written in docs/fusion-rewrites.md, one numbered item per rewrite (its sources and a verdict);
`eval/scripts/fusion_verdicts.py` gathers every version of that file from git history into
eval/data/fusion_verdicts.jsonl with `parse`, and `load` reads it back.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

VERDICTS = Path(__file__).resolve().parents[2] / "eval" / "data" / "fusion_verdicts.jsonl"
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


def load(split: str, path: Path = VERDICTS) -> list[dict]:
    """Hand-read verdicts: "fit" the older reads, "test" the newest."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    newest = max(r["clusters"] for r in rows)
    return [r for r in rows if (r["clusters"] == newest) == (split == "test")]
