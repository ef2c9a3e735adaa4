"""`mds eval score --duc` on DUC 2006 files reproduces NIST's official ROUGE-1.5.5 system averages."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DATA, require_shared

from summarizer.cli import main

ROUGE_DIR = DATA / "duc2006" / "rouge"


def official_average(file: str, peer: str) -> float:
    for line in (ROUGE_DIR / file).read_text().splitlines():
        if line.split()[0] == peer:
            return float(line.split()[1])
    raise KeyError(peer)


@pytest.fixture(scope="module")
def duc_files(tmp_path_factory) -> Path:
    require_shared(ROUGE_DIR)
    out = tmp_path_factory.mktemp("duc")
    topics = sorted({p.name.split(".")[0] for p in (ROUGE_DIR / "models").iterdir()})
    with open(out / "clusters.jsonl", "w") as f:
        for t in topics:
            refs = [p.read_text(encoding="latin-1") for p in sorted((ROUGE_DIR / "models").glob(f"{t}.M.250.*"))]
            f.write(json.dumps({"id": t, "documents": ["(not needed for scoring)"], "references": refs}) + "\n")
    for peer in ("1", "24"):
        with open(out / f"peer{peer}.jsonl", "w") as f:
            for t in topics:
                for p in (ROUGE_DIR / "peers").glob(f"{t}.M.250.*.{peer}"):
                    f.write(json.dumps({"id": t, "summary": p.read_text(encoding="latin-1")}) + "\n")
    return out


@pytest.mark.slow
@pytest.mark.parametrize("peer", ["1", "24"])
def test_duc_mode_matches_official_system_averages(duc_files, peer, capsys):
    code = main(["eval", "score", "--data", str(duc_files / "clusters.jsonl"),
                 "--predictions", str(duc_files / f"peer{peer}.jsonl"), "--duc"])
    assert code == 0
    scores = json.loads(capsys.readouterr().out)["scores"]
    assert scores["rouge2_r"]["mean"] == pytest.approx(official_average("rouge2.jk.m.avg", peer), abs=0.002)
    assert scores["rougeSU4_r"]["mean"] == pytest.approx(official_average("rougeSU4.jk.m.avg", peer), abs=0.002)
