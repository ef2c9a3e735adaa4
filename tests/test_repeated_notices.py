"""The miner of notices that many unrelated pages repeat (summarizer/training/repeated_sentences.py)."""
from __future__ import annotations

import gzip
import json

import pytest

pytest.importorskip("sklearn")

from summarizer.training.repeated_sentences import mine, write  # noqa: E402

NOTICE = "Readers may report inappropriate comments by clicking the report abuse link."
STORY_LINE = "The storm made landfall near Galveston late on Friday with winds of 130 mph."
TOPICS = ["senate budget vote taxes", "football final stadium goal", "vaccine trial patients doses",
          "wildfire evacuation county acres", "election ballots recount county", "bank merger shares investors"]


def _cluster(i: int, *, notice: bool, storm: bool) -> dict:
    words = TOPICS[i % len(TOPICS)]
    body = f"Officials discussed the {words} on Monday. Critics said the {words} plan went too far."
    if notice:
        body += " " + NOTICE
    if storm:
        body += " " + STORY_LINE
        words = "hurricane storm galveston landfall winds flooding texas"
    return {"documents": [body, f"A second report on the {words}."],
            "references": [f"A summary of the {words}, with the {words} again."]}


def test_a_notice_in_unrelated_clusters_is_mined_and_a_story_line_in_related_ones_is_not(tmp_path):
    clusters = [_cluster(i, notice=i < 5, storm=False) for i in range(18)]   # the notice on five topics' pages
    clusters += [_cluster(i, notice=False, storm=True) for i in range(4)]      # four follow-ups of one storm
    path = tmp_path / "train.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(c) + "\n" for c in clusters)
    notices = mine(path)
    keys = [key for _, _, key in notices]
    assert "readers may report inappropriate comments by clicking the report abuse link" in keys
    assert not any("galveston" in k for k in keys)
    assert all(n >= 4 and likeness < 0.1 for n, likeness, _ in notices)
    out = tmp_path / "notices.tsv.gz"
    write(notices, out)
    first = out.read_bytes()
    write(notices, out)
    assert out.read_bytes() == first          # the same list, the same bytes
    assert gzip.decompress(first).decode().splitlines()[0] == "clusters\treference_likeness\tsentence"
