"""Collect every hand-read verdict on accepted fusion rewrites from the history of
docs/fusion-rewrites.md into one labelled file (the judge is calibrated and tested on it).

    python eval/scripts/fusion_verdicts.py            # writes eval/data/fusion_verdicts.jsonl

Each line: the rewrite, the source sentences shown with it, the verdict as written, label 1 (true and
grammatical) or 0, the cluster, and `read` (the commit that recorded it) with its cluster range. A
rewrite read twice (the same clusters were read again with later engines) keeps its latest verdict.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

DOC = "docs/fusion-rewrites.md"
OUT = Path("eval/data/fusion_verdicts.jsonl")
_ITEM = re.compile(r"^\d+\. \*\*(.+)\*\* \(cluster ([\w-]+);", re.M)
_SOURCE = re.compile(r"^\s+- source \(report (\d+)\): (.*)$")
_VERDICT = re.compile(r"^\s+- verdict: (.*)$")
_RANGE = re.compile(r"clusters (\d+)[–-](\d+)")


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def parse(text: str) -> list[dict]:
    """The numbered items of one version of the read-through file."""
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


def main() -> int:
    commits = git("log", "--format=%h %ad", "--date=short", "--reverse", "--", DOC).split("\n")
    latest: dict[tuple[str, str], dict] = {}
    for entry in filter(None, commits):
        commit, date = entry.split()
        for item in parse(git("show", f"{commit}:{DOC}")):
            latest[(item["cluster"], item["candidate"].lower())] = {**item, "read": commit, "date": date}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(latest.values(), key=lambda r: (r["clusters"], r["cluster"]))
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    by_range: dict[str, list[int]] = {}
    for r in rows:
        by_range.setdefault(r["clusters"], []).append(r["label"])
    for name, labels in sorted(by_range.items()):
        print(f"clusters {name}: {len(labels)} rewrites, {sum(labels)} true and grammatical")
    print(f"{len(rows)} verdicts in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
