"""Bootstrap intervals and the paired bootstrap test."""
from __future__ import annotations

import math

import numpy as np
import pytest

from summarizer.evaluation.stats import bootstrap_ci, bootstrap_means, paired_bootstrap


def scores(n=200, mean=0.4, sd=0.1, seed=1):
    return np.random.default_rng(seed).normal(mean, sd, n)


def test_interval_contains_the_mean_and_narrows_with_more_clusters():
    small, large = scores(50), scores(2000)
    lo, hi = bootstrap_ci(small)
    assert lo < small.mean() < hi
    lo2, hi2 = bootstrap_ci(large)
    assert lo2 < large.mean() < hi2
    assert (hi2 - lo2) < (hi - lo)
    # about mean +- 1.96 standard errors
    assert hi2 - lo2 == pytest.approx(2 * 1.96 * large.std() / math.sqrt(len(large)), rel=0.15)


def test_seeded_and_deterministic():
    values = scores()
    assert bootstrap_ci(values, seed=3) == bootstrap_ci(values, seed=3)
    assert bootstrap_ci(values, seed=3) != bootstrap_ci(values, seed=4)
    assert len(bootstrap_means(values, n_boot=123)) == 123


def test_degenerate_inputs():
    assert bootstrap_ci([0.7]) == (0.7, 0.7)
    assert all(math.isnan(x) for x in bootstrap_ci([]))
    lo, hi = bootstrap_ci([0.2, float("nan"), 0.4])  # NaN (an unavailable score) is ignored
    assert 0.2 <= lo <= hi <= 0.4


def test_paired_test_detects_a_real_difference():
    b = scores(300)
    a = b + 0.02 + np.random.default_rng(7).normal(0, 0.03, 300)  # A better by 0.02 on average
    better = paired_bootstrap(a, b)
    assert better.mean_diff == pytest.approx(0.02, abs=0.005)
    assert better.low > 0 and better.p_value < 0.01
    assert paired_bootstrap(b, a).p_value > 0.99  # "B > A" is not supported
    assert better.n == 300


def test_paired_test_finds_no_difference_under_the_null():
    rng = np.random.default_rng(11)
    b = scores(300)
    a = b + rng.normal(0, 0.03, 300)  # same systems up to noise
    null = paired_bootstrap(a, b)
    assert null.low < 0 < null.high
    assert 0.05 < null.p_value < 0.95
    identical = paired_bootstrap(b, b)
    assert identical.mean_diff == 0 and identical.p_value == 1.0


def test_paired_test_needs_the_same_clusters():
    with pytest.raises(ValueError, match="same clusters"):
        paired_bootstrap([0.1, 0.2], [0.1])
