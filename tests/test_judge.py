"""The learned fusion judge: it loads offline, scores pairs, and on its held-out hand read (the accepted
rewrites of Multi-News val 1521-1550, never trained on) keeps the issue's share of the true rewrites; that
it makes acceptance more precise there is a target it misses (a strict xfail: it fails once the judge
meets it, so that the test and the model card get updated)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from summarizer.errors import ModelError

VERDICTS = Path(__file__).resolve().parents[1] / "eval" / "data" / "fusion_verdicts.jsonl"


@pytest.fixture(scope="module")
def judge():
    from summarizer.fusion.judge import Judge

    return Judge()


def test_scores_are_probabilities_and_batching_changes_nothing(judge):
    source = "Had the rule taken effect, the administration said it would have added 75,000 names to the database."
    pairs = [("The administration said it would have added 75,000 names to the database.", [source]),
             (source, [source])]
    together = judge.scores(pairs)
    assert ((together >= 0) & (together <= 1)).all()
    assert np.allclose(together, np.concatenate([judge.scores([p]) for p in pairs]))
    assert 0 < judge.threshold < 1


def _held_out(judge):
    from summarizer.fusion.alignment import structure_problems
    from summarizer.fusion.verify import problems
    from summarizer.training.verdicts import load as verdicts

    rows = verdicts("test")
    assert len(rows) >= 50 and {r["clusters"] for r in rows} == {"1521-1550"}
    labels = np.array([r["label"] for r in rows])
    rules = np.array([not (problems(r["candidate"], r["sources"]) or structure_problems(r["candidate"], r["sources"]))
                      for r in rows])
    judged = judge.scores([(r["candidate"], r["sources"]) for r in rows]) >= judge.threshold
    return labels, rules, rules & judged


def test_on_its_held_out_read_the_judge_keeps_most_true_rewrites(judge):
    labels, rules, both = _held_out(judge)
    assert rules[labels == 1].mean() >= 0.9      # the engine accepted all of them, with more rules than now
    assert both[labels == 1].mean() >= 0.6       # the floor: 60% of the true rewrites kept


@pytest.mark.xfail(strict=True, reason="missed: judge v2 keeps 49 of the 50 held-out rewrites, precision 0.694 "
                                       "against 0.700 for all 50 (summarizer/models/judge/README.md)")
def test_on_its_held_out_read_the_judge_makes_acceptance_more_precise(judge):
    labels, rules, both = _held_out(judge)
    assert labels[both].mean() >= labels[rules].mean() + 0.05


def test_a_missing_judge_is_a_clear_error(tmp_path):
    from summarizer.fusion.judge import Judge

    with pytest.raises(ModelError, match="judge.lgb.txt"):
        Judge(tmp_path)


@pytest.mark.slow
def test_the_engine_asks_the_judge_and_can_go_without_it(embedder):
    from summarizer.engines.fusion import FusionEngine

    assert FusionEngine(embedder=embedder).judge is not None
    assert FusionEngine(embedder=embedder, judge=False).judge is None
