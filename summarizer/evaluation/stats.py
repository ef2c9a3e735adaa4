"""Bootstrap statistics over clusters: confidence intervals and paired comparisons.

Clusters are the unit of resampling (Efron & Tibshirani 1993; Koehn 2004 for the paired test):
a score's 95% interval is the 2.5th-97.5th percentile of the means of resampled cluster sets, and
two systems scored on the same clusters are compared on the same resamples. Seeded, so a report
is reproducible.

    >>> lo, hi = bootstrap_ci([0.3, 0.4, 0.5, 0.35, 0.45])
    >>> lo < 0.4 < hi
    True
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

N_BOOT = 1000
SEED = 0
_CHUNK = 50_000_000  # resample in chunks of at most this many drawn indices (memory)


class Interval(NamedTuple):
    low: float
    high: float


class PairedResult(NamedTuple):
    mean_diff: float  # mean of A - B over clusters
    low: float  # 95% interval of the mean difference
    high: float
    p_value: float  # share of resamples with mean difference <= 0 (one-sided, "A > B")
    n: int


def _clean(values) -> np.ndarray:
    arr = np.asarray(values, dtype=float).ravel()
    return arr[~np.isnan(arr)]


def _resampled_means(values: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = len(values)
    rows = max(1, _CHUNK // max(n, 1))
    means = []
    for start in range(0, n_boot, rows):
        idx = rng.integers(0, n, size=(min(rows, n_boot - start), n))
        means.append(values[idx].mean(axis=1))
    return np.concatenate(means)


def bootstrap_means(values, n_boot: int = N_BOOT, seed: int = SEED) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of the per-cluster values."""
    arr = _clean(values)
    if not len(arr):
        return np.array([])
    return _resampled_means(arr, n_boot, seed)


def bootstrap_ci(values, n_boot: int = N_BOOT, seed: int = SEED, confidence: float = 0.95) -> Interval:
    """Percentile bootstrap interval for the mean of per-cluster values (NaN ignored).
    No values gives (nan, nan); one value gives (v, v)."""
    arr = _clean(values)
    if not len(arr):
        return Interval(float("nan"), float("nan"))
    if len(arr) == 1:
        return Interval(float(arr[0]), float(arr[0]))
    means = _resampled_means(arr, n_boot, seed)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return Interval(float(low), float(high))


def paired_bootstrap(a, b, n_boot: int = N_BOOT, seed: int = SEED, confidence: float = 0.95) -> PairedResult:
    """Paired bootstrap of system A against system B on the same clusters (same order).

    Resamples clusters, keeping each cluster's A and B scores together; p_value is the share of
    resamples where A's mean is not above B's (one-sided test of "A > B"; a small value means A is
    reliably better). Pairs with a NaN on either side are dropped."""
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(f"paired bootstrap needs scores on the same clusters: {len(a)} vs {len(b)}")
    diff = a - b
    diff = diff[~np.isnan(diff)]
    if not len(diff):
        nan = float("nan")
        return PairedResult(nan, nan, nan, nan, 0)
    means = _resampled_means(diff, n_boot, seed)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(means, [alpha, 1 - alpha])
    return PairedResult(
        mean_diff=float(diff.mean()),
        low=float(low),
        high=float(high),
        p_value=float(np.mean(means <= 0)),
        n=int(len(diff)),
    )
