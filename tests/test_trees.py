"""summarizer.runtime.trees predicts as lightgbm does (the core install has no lightgbm; the test extra has)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from summarizer.runtime.trees import TreeModel, UnsupportedModel

lightgbm = pytest.importorskip("lightgbm")

MODELS = Path(__file__).resolve().parent.parent / "summarizer" / "models"
SHIPPED = [MODELS / "judge" / "judge.lgb.txt", MODELS / "selection" / "concepts.lgb.txt",
           MODELS / "selection" / "sentences.lgb.txt"]


@lru_cache(maxsize=8)
def both(path: Path):
    return lightgbm.Booster(model_file=str(path)), TreeModel.load(path)


def assert_same_predictions(path: Path, rows: np.ndarray) -> None:
    booster, ours = both(path)
    assert np.array_equal(ours.raw(rows), booster.predict(rows, raw_score=True, num_threads=1))
    assert np.array_equal(ours.predict(rows), booster.predict(rows, num_threads=1))


def rows_at_the_splits(model: TreeModel, n: int, seed: int = 0) -> np.ndarray:
    """Values on, just above and just below every threshold, zeros of both signs, values within 1e-35 of
    zero, and NaNs: every branch of every split, the missing-value rules included."""
    rng = np.random.default_rng(seed)
    t = model.threshold
    values = np.concatenate([t, np.nextafter(t, np.inf), np.nextafter(t, -np.inf), t + 1e-6, t - 1e-6,
                             [0.0, -0.0, 1e-36, -1e-36, 1e-35, float(np.float32(1e-35)), 1e30, -1e30]])
    rows = rng.choice(values, size=(n, model.n_features))
    rows[rng.random(rows.shape) < 0.1] = np.nan
    return rows


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_the_shipped_models_predict_as_lightgbm_on_every_branch(path):
    rows = rows_at_the_splits(TreeModel.load(path), 3000)
    assert_same_predictions(path, rows)                        # float64
    assert_same_predictions(path, rows.astype(np.float32))     # lightgbm reads float32 as float32
    assert_same_predictions(path, np.nan_to_num(rows * 3).clip(-1e6, 1e6).astype(np.int64))   # and ints as float32
    assert_same_predictions(path, rows[:1])


@pytest.mark.slow
def test_the_shipped_models_predict_as_lightgbm_on_the_rows_of_real_clusters(embedder, seed_paths, monkeypatch):
    from summarizer import Summarizer

    seen: dict[int, list[np.ndarray]] = {}
    predict = TreeModel.predict
    monkeypatch.setattr(TreeModel, "predict", lambda self, rows: seen.setdefault(self.n_features, []).append(
        np.array(rows)) or predict(self, rows))
    demo = sorted((MODELS.parent / "demo" / "examples" / "summit").glob("*.txt"))
    for options in ({"engine": "fusion"}, {"engine": "extractive", "sentence_scores": "learned"}):
        summarizer = Summarizer(embedder=embedder, **options)
        for cluster in (seed_paths, demo):
            summarizer.summarize(cluster)
    for path in SHIPPED:
        n_features = lightgbm.Booster(model_file=str(path)).num_feature()
        assert seen.get(n_features), f"{path.name} was not asked"
        assert_same_predictions(path, np.concatenate(seen[n_features]))


def tiny_model(tmp_path: Path, x: np.ndarray, y: np.ndarray, **params) -> Path:
    params = {"objective": "binary", "num_leaves": 7, "min_data_in_leaf": 5, "verbose": -1, "seed": 0, **params}
    path = tmp_path / "model.txt"
    lightgbm.train(params, lightgbm.Dataset(x, y), num_boost_round=20).save_model(str(path))
    return path


@pytest.mark.parametrize("params", [
    {},                                             # NaNs seen in training: splits with missing type NaN
    {"zero_as_missing": True},                      # missing type Zero
    {"objective": "regression"},                    # the raw sum
    {"objective": "cross_entropy"},
    {"objective": "binary", "sigmoid": 0.7},
], ids=["nan-missing", "zero-missing", "regression", "cross-entropy", "sigmoid-0.7"])
def test_missing_values_and_objectives_are_predicted_as_lightgbm(tmp_path, params):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(600, 4))
    x[rng.random(x.shape) < 0.15] = np.nan
    x[rng.random(x.shape) < 0.15] = 0.0
    y = ((np.nan_to_num(x[:, 0], nan=1.0) + (x[:, 1] == 0) + rng.normal(0, 0.3, 600)) > 0.5).astype(float)
    path = tiny_model(tmp_path, x, y, **params)
    text = path.read_text()
    if params in ({}, {"zero_as_missing": True}):
        missing = {int(d) >> 2 & 3 for line in text.splitlines() if line.startswith("decision_type=")
                   for d in line.split("=")[1].split()}
        assert missing & {1, 2}, "the model should have splits with a missing type"
    rows = rows_at_the_splits(TreeModel.load(path), 2000)
    rows[:100] = np.concatenate([x[:100, :2], np.zeros((100, 2))], axis=1)
    assert_same_predictions(path, rows)


def test_what_it_cannot_predict_is_refused_not_guessed(tmp_path):
    rng = np.random.default_rng(2)
    x = np.column_stack([rng.integers(0, 5, 400), rng.normal(size=400)])
    y = (x[:, 0] % 2 == 0).astype(float)
    params = {"objective": "binary", "num_leaves": 4, "min_data_in_leaf": 5, "min_data_per_group": 5,
              "cat_smooth": 1, "verbose": -1}
    path = tmp_path / "categorical.txt"
    lightgbm.train(params, lightgbm.Dataset(x, y, categorical_feature=[0]), 10).save_model(str(path))
    with pytest.raises(UnsupportedModel, match="categorical"):
        TreeModel.load(path)
    path = tiny_model(tmp_path, x, x[:, 0], objective="poisson")
    with pytest.raises(UnsupportedModel, match="poisson"):
        TreeModel.load(path)
    with pytest.raises(ValueError, match="2 features"):
        TreeModel.load(tiny_model(tmp_path, x, y)).predict(np.zeros((3, 5)))
