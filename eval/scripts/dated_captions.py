"""What a dated-picture rule of the cleaner removes, to read: the sentences the rules' cleaning keeps
without it that it would remove (they end on a full date and describe a picture, `caption.describes_picture`;
with `--rule day`, they end on a day with no year beside a place, and their main verb is in the present).

    python eval/scripts/dated_captions.py 1501 2000      # Multi-News val clusters 1501-2000 (1-based)
    python eval/scripts/dated_captions.py 1001 2940 --rule day

Each: the cluster number and the sentence; then how many kept sentences end on such a date and how many the
rule takes.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from quality_rule_lines import cleaned_sentences  # noqa: E402

from summarizer.pipeline import boilerplate  # noqa: E402
from summarizer.pipeline.caption import describes_picture  # noqa: E402

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "multinews" / "val.jsonl.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("first", type=int)
    parser.add_argument("last", type=int)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rule", choices=("full", "day"), default="full",
                        help="the rule of a full date (default) or of a day with no year beside a place")
    args = parser.parse_args()
    name, options = (("_PICTURE_DATE_END", {"dated": True}) if args.rule == "full"
                     else ("_PICTURE_DAY_END", {"dated": True, "strict": True}))
    rule = getattr(boilerplate, name)
    setattr(boilerplate, name, re.compile(r"(?!)"))      # the cleaning without the rule
    dated = taken = 0
    for number, sentence in cleaned_sentences(args.data, args.first, args.last):
        if rule.search(sentence.text):
            dated += 1
            if describes_picture(sentence.text, **options):
                taken += 1
                print(number, "|", sentence.text[:300], flush=True)
    print(f"{dated} kept sentences end on {'a full date' if args.rule == 'full' else 'a day beside a place'}; "
          f"the rule takes {taken}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
