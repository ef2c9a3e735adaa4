"""Collect every hand-read verdict on accepted fusion rewrites from the history of
docs/fusion-rewrites.md into one labelled file (the judge is calibrated and tested on it).

    python eval/scripts/fusion_verdicts.py   # writes eval/data/fusion_verdicts.jsonl and fusion_rejections.jsonl

Each line: the rewrite, the source sentences shown with it, the verdict as written, label 1 (true and
grammatical) or 0, the cluster, and `read` (the commit that recorded it) with its cluster range. A
rewrite read twice (the same clusters were read again with later engines) keeps its latest verdict.
The read rejections (docs/fusion-rejections.md, its current version) go to fusion_rejections.jsonl,
each with the rule that rejected it.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from summarizer.training.verdicts import REJECTIONS, VERDICTS, parse, parse_rejections

DOC = "docs/fusion-rewrites.md"
REJECTIONS_DOC = "docs/fusion-rejections.md"
OUT = VERDICTS


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


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
    rejected = parse_rejections(Path(REJECTIONS_DOC).read_text(encoding="utf-8"))
    REJECTIONS.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rejected), encoding="utf-8")
    print(f"{len(rejected)} read rejections ({sum(r['label'] for r in rejected)} true and grammatical) in {REJECTIONS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
