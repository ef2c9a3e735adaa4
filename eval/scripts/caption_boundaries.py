"""Where the cleaner ends a BBC caption glued to the report, against the hand-labelled chrome sets.

Every labelled sentence that opens with a caption label ("image caption", "media playback is unsupported on
your device media caption", "image copyright X image caption") and is chrome or chrome before its first words
(eval/data/chrome_labels*.jsonl) is cut three ways: the parse rules alone, the learned model alone, and the
rules then the model (what the cleaner does). A cut is `right` at the labelled boundary, `short` before it (some
caption stays) and `too far` past it (report words go: a false removal); `none` leaves the caption.

    python eval/scripts/caption_boundaries.py                    # all batches
    python eval/scripts/caption_boundaries.py --batches _batch10 --threshold 0.2 --show
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from summarizer.fusion.alignment import dependency_parser  # noqa: E402
from summarizer.pipeline import caption  # noqa: E402
from summarizer.pipeline.caption_boundary import THRESHOLD, learned_boundary  # noqa: E402

LABEL = re.compile(r"^(image copyright ([\w./-]+( [\w./-]+){0,3}? )?)?(image caption|media playback is unsupported on "
                   r"your device media caption|media caption) ", re.I)


def grade(got: int | None, want: int, rest: str) -> str:
    if got is None:
        return "none"
    if got == want or rest[got:].strip() == rest[want:].strip():
        return "right"
    return "too far" if got > want else "short"


def rules_alone(text: str) -> int | None:
    learned, caption.learned_boundary = caption.learned_boundary, lambda doc: None
    try:
        return caption.caption_end(text)
    finally:
        caption.learned_boundary = learned


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--batches", default="*", help="the part of the file name after chrome_labels (a glob)")
    p.add_argument("--threshold", type=float, default=THRESHOLD)
    p.add_argument("--show", action="store_true")
    args = p.parse_args()
    counts = {way: Counter() for way in ("rules", "model", "rules then model")}
    for path in sorted((ROOT / "eval" / "data").glob(f"chrome_labels{args.batches}.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            m = LABEL.match(item["text"])
            if not m or item["label"] == "content":
                continue
            rest, kept = item["text"][m.end():], item.get("expected", "")
            want = len(rest) - len(kept) if kept else len(rest)
            rule = grade(rules_alone(rest), want, rest)
            model = grade(learned_boundary(dependency_parser()(rest), args.threshold), want, rest)
            both = grade(caption.caption_end(rest), want, rest) if args.threshold == THRESHOLD else (
                rule if rule != "none" else model)     # the cleaner's own (with its veto on reported clauses)
            for way, verdict in zip(counts, (rule, model, both)):
                counts[way][verdict] += 1
            if args.show:
                print(f"{rule:8} {model:8} {path.stem}:{item['cluster']} {rest[:want]!r} | {rest[want:want + 40]!r}")
    for way, c in counts.items():
        print(f"{way:17} " + "  ".join(f"{k} {c[k]}" for k in ("right", "short", "too far", "none")))


if __name__ == "__main__":
    main()
