"""The learned fusion judge: it loads offline, scores pairs, is its recipe fitted on every hand-read
verdict, and that recipe, fitted on the older reads only, makes the engine's acceptance test on the newest
read more precise than the rules alone while keeping the issue's floor of 60% of the true rewrites."""
from __future__ import annotations

import numpy as np
import pytest

from summarizer.errors import ModelError


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


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    """Features, labels and read of every hand-read verdict (about 20 ms a verdict)."""
    from summarizer.training.judge import verdict_matrix

    return verdict_matrix(tmp_path_factory.mktemp("verdicts"))


@pytest.mark.slow
# the model card's held-out reads; on the fresh read after them (1811-1850, drawn from this judge's own
# engine) it did no better than the rules (the card says so), and no test claims otherwise
@pytest.mark.parametrize("read", ["1751-1780", "1781-1810"])
def test_fitted_on_older_reads_the_recipe_makes_a_held_out_read_more_precise(verdicts, read):
    from summarizer.fusion.judge_features import flags_of
    from summarizer.training.judge import held_out

    X, y, reads = verdicts
    allowed = np.array([not flags_of(row) for row in X])
    report = held_out(X, y, reads, allowed, read)
    assert report["rewrites"] >= 50 and read not in report["fit_reads"]
    judged, rules = report["rules_then_judge"], report["rules_alone"]
    assert judged["precision"] >= rules["precision"] + 0.05
    assert judged["recall"] >= 0.6
    assert report["auc"] >= 0.65


@pytest.mark.slow
def test_the_shipped_judge_is_the_recipe_fitted_on_every_read(judge, verdicts):
    from summarizer.training.judge import train

    X, y, _ = verdicts
    assert np.allclose(judge.model.predict(X), train(X, y).predict(X), atol=1e-6)


def test_a_missing_judge_is_a_clear_error(tmp_path):
    from summarizer.fusion.judge import Judge

    with pytest.raises(ModelError, match="judge.lgb.txt"):
        Judge(tmp_path)


@pytest.mark.slow
def test_the_engine_asks_the_judge_and_can_go_without_it(embedder):
    from summarizer.engines.fusion import FusionEngine

    assert FusionEngine(embedder=embedder).judge is not None
    assert FusionEngine(embedder=embedder, judge=False).judge is None


@pytest.mark.slow
def test_the_model_features_come_from_either_backend_and_mark_a_dangling_cut(embedder):
    # the judge reads the fusion model's log-probabilities of a candidate; CTranslate2 (int8) and torch
    # (float32) give the same reading, and an end the model does not expect is its lowest point
    pytest.importorskip("torch")
    from summarizer.engines.fusion import FusionEngine

    source = "About 2,000 farmers protested outside the town hall, demanding compensation for crops lost in dry summers."
    pairs = [("About 2,000 farmers protested outside the town hall.", [source]),
             ("About 2,000 farmers protested outside the town hall, demanding compensation for.", [source])]
    ct2 = FusionEngine(embedder=embedder, judge=False, backend="ct2").candidate_log_probs(pairs)
    torch = FusionEngine(embedder=embedder, judge=False, backend="torch").candidate_log_probs(pairs)
    for a, b in zip(ct2, torch):
        assert a.shape == b.shape and np.abs(a - b).max() < 0.5
    clean, dangling = ct2
    assert clean.min() > -1 and dangling.min() < -5 and dangling.argmin() == len(dangling) - 2
