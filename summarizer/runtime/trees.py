"""Predictions of a LightGBM model from its text file, with numpy: the core install summarizes without
lightgbm (which imports scipy, 140 MB). Training stays on lightgbm (summarizer/training, the `train` extra).

    model = TreeModel.load("judge.lgb.txt")
    model.predict(rows)      -> float64 array, as lightgbm.Booster(model_file=...).predict(rows)

It follows LightGBM 4's prediction exactly (tests/test_trees.py compares the shipped models on real and
random rows with NaNs): features are read as float32 or float64 (other dtypes as float32) and widened to
double, values within 1e-35 of zero count as zero, a NaN counts as 0.0 unless the split sends missing
values its own way, a split sends x <= threshold left, and the trees' outputs are added in file order.
Numerical splits only: a model with categorical splits, linear trees, several classes or averaged
output (random forest) is refused rather than predicted wrongly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ZERO = float(np.float32(1e-35))    # LightGBM's kZeroThreshold, a float widened to double
DEFAULT_LEFT, MISSING_ZERO, MISSING_NAN = 2, 1, 2   # decision_type bit 1; its bits 2-3: the missing type
RAW_OBJECTIVES = {"regression", "regression_l1", "huber", "fair", "quantile", "mape", "lambdarank", "rank_xendcg"}


class UnsupportedModel(ValueError):
    pass


@dataclass
class TreeModel:
    n_features: int
    sigmoid: float | None       # the output is 1 / (1 + exp(-sigmoid * raw)); None: the raw sum
    roots: np.ndarray           # per tree: its root node, or ~leaf for a one-leaf tree
    feature: np.ndarray         # per node, all trees' nodes in one array (a child < 0 is ~leaf)
    threshold: np.ndarray
    decision: np.ndarray
    left: np.ndarray
    right: np.ndarray
    leaf_value: np.ndarray      # all trees' leaves in one array

    @classmethod
    def load(cls, path: str | Path) -> TreeModel:
        header, *blocks = Path(path).read_text().split("\nTree=")
        blocks[-1] = blocks[-1].split("end of trees")[0]
        meta = _fields(header)
        if int(meta.get("num_class", 1)) != 1 or int(meta.get("num_tree_per_iteration", 1)) != 1:
            raise UnsupportedModel(f"{path}: only single-output models are supported")
        if "average_output" in header.split("\n"):
            raise UnsupportedModel(f"{path}: averaged trees (random forest) are not supported")
        sigmoid = _output_transform(meta.get("objective", ""), path)
        parts: dict[str, list[np.ndarray]] = {k: [] for k in ("feature", "threshold", "decision", "left", "right", "leaf")}
        roots, nodes, leaves = [], 0, 0
        for block in blocks:
            tree = _fields(block)
            if int(tree.get("num_cat", 0)) or int(tree.get("is_linear", 0)):
                raise UnsupportedModel(f"{path}: categorical splits and linear trees are not supported")
            leaf = np.array(tree["leaf_value"].split(), dtype=np.float64)
            if len(leaf) == 1:                          # a constant tree: no split lines
                roots.append(~leaves)
            else:
                decision = np.array(tree["decision_type"].split(), dtype=np.int64)
                if np.any(decision & 1):
                    raise UnsupportedModel(f"{path}: categorical splits are not supported")
                roots.append(nodes)
                for side in ("left", "right"):          # tree-local children to indices into the joined arrays
                    child = np.array(tree[f"{side}_child"].split(), dtype=np.int64)
                    parts[side].append(np.where(child >= 0, child + nodes, ~(~child + leaves)))
                parts["feature"].append(np.array(tree["split_feature"].split(), dtype=np.int64))
                parts["threshold"].append(np.array(tree["threshold"].split(), dtype=np.float64))
                parts["decision"].append(decision)
                nodes += len(decision)
            parts["leaf"].append(leaf)
            leaves += len(leaf)
        join = lambda key, dtype: np.concatenate(parts[key]) if parts[key] else np.zeros(0, dtype)
        return cls(int(meta["max_feature_idx"]) + 1, sigmoid, np.array(roots, dtype=np.int64),
                   join("feature", np.int64), join("threshold", np.float64), join("decision", np.int64),
                   join("left", np.int64), join("right", np.int64), join("leaf", np.float64))

    def raw(self, rows) -> np.ndarray:
        """The sum of the trees' outputs for each row."""
        x = np.asarray(rows)
        x = np.array(x, dtype=x.dtype if x.dtype in (np.float32, np.float64) else np.float32, ndmin=2)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"expected rows of {self.n_features} features, got shape {x.shape}")
        x = x.astype(np.float64)
        x[np.abs(x) <= ZERO] = 0.0
        is_nan = np.isnan(x)
        filled = np.where(is_nan, 0.0, x).ravel()    # a NaN is 0.0 unless its split has missing type NaN
        nan_flat = is_nan.ravel()
        missing = (self.decision >> 2) & 3
        aware = bool(np.any(missing))           # any split with a missing type: check each one
        n_trees, n_features = len(self.roots), x.shape[1]
        feature, left, right = (a.astype(np.int32) for a in (self.feature, self.left, self.right))
        # every (row, tree) pair walks down at once; int32 and index arrays keep the copies small
        leaf = np.empty(len(x) * n_trees, dtype=np.int32)      # (row, tree) flattened: the leaf reached
        at = np.arange(leaf.size, dtype=np.int32)
        row_start = (at // n_trees) * n_features                # where the pair's row starts in `filled`
        node = np.tile(self.roots.astype(np.int32), len(x))
        while at.size:
            done = np.flatnonzero(node < 0)
            if done.size:
                leaf[at[done]] = ~node[done]
                walking = np.flatnonzero(node >= 0)
                at, node, row_start = at[walking], node[walking], row_start[walking]
                if not at.size:
                    break
            cell = row_start + feature[node]
            value = filled[cell]
            go_left = value <= self.threshold[node]
            if aware:
                m = missing[node]
                is_missing = ((m == MISSING_ZERO) & (np.abs(value) <= ZERO)) | ((m == MISSING_NAN) & nan_flat[cell])
                go_left = np.where(is_missing, (self.decision[node] & DEFAULT_LEFT) > 0, go_left)
            node = np.where(go_left, left[node], right[node])
        values = self.leaf_value[leaf].reshape(len(x), n_trees)
        total = np.zeros(len(x))
        for t in range(values.shape[1]):                # tree by tree, as LightGBM adds them
            total += values[:, t]
        return total

    def predict(self, rows) -> np.ndarray:
        total = self.raw(rows)
        if self.sigmoid is None:
            return total
        # math.exp is the C library's exp, as in LightGBM; numpy's own exp may differ in the last bit
        return np.array([1.0 / (1.0 + math.exp(-self.sigmoid * v)) for v in total.tolist()], dtype=np.float64)


def _fields(block: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in block.split("\n") if "=" in line)


def _output_transform(objective: str, path) -> float | None:
    name, *options = objective.split()
    if name == "binary" and len(options) == 1 and options[0].startswith("sigmoid:"):
        return float(options[0].split(":", 1)[1])
    if name == "cross_entropy" and not options:
        return 1.0
    if name in RAW_OBJECTIVES and not options:
        return None
    raise UnsupportedModel(f"{path}: objective {objective!r} is not supported")
