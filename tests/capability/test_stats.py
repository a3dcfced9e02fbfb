"""Paired self-efficacy statistics against values worked by hand."""

from __future__ import annotations

import math
import random

import pytest

from qls.capability.training import efficacy_stats


def test_mean_change_and_t_interval_by_hand():
    # Differences 2, 2, 1, 3: mean 2, sd sqrt(2/3); t(0.975, 3) = 3.182446305.
    r = efficacy_stats.paired_change([4, 5, 6, 5], [6, 7, 7, 8])
    half = 3.182446305284263 * math.sqrt(2 / 3) / 2
    assert r.n == 4
    assert r.mean_pre == 5.0
    assert r.mean_post == 7.0
    assert r.mean_change == pytest.approx(2.0)
    assert r.ci_low == pytest.approx(2 - half, abs=1e-9)
    assert r.ci_high == pytest.approx(2 + half, abs=1e-9)
    assert r.ci_low == pytest.approx(0.70077, abs=1e-5)


def test_wilcoxon_exact_p_by_hand():
    # Differences 1, 2, 3, 4 all positive: W- = 0, the most extreme of the 2**4
    # equally likely sign patterns, so the exact two-sided p = 2 / 16 = 0.125.
    assert efficacy_stats.wilcoxon_p([1, 2, 3, 4]) == pytest.approx(0.125)
    # Six positive differences: p = 2 / 2**6.
    assert efficacy_stats.wilcoxon_p([1, 2, 3, 4, 5, 6]) == pytest.approx(2 / 64)


def test_wilcoxon_is_one_when_nothing_changed():
    assert efficacy_stats.wilcoxon_p([0, 0, 0]) == 1.0


def test_wilcoxon_of_symmetric_changes_is_one():
    # W+ = W- = 5 for differences -1, 1, -2, 2: no evidence of change.
    assert efficacy_stats.wilcoxon_p([-1, 1, -2, 2]) == pytest.approx(1.0)


def test_no_pairs_and_one_pair():
    empty = efficacy_stats.paired_change([], [])
    assert empty.n == 0
    assert empty.mean_change is None
    assert empty.p_value is None
    one = efficacy_stats.paired_change([3], [5])
    assert one.n == 1
    assert one.mean_change == 2.0
    assert one.ci_low is None


def test_unequal_lengths_are_refused():
    with pytest.raises(ValueError, match="same length"):
        efficacy_stats.paired_change([1, 2], [3])


def test_matches_a_plain_loop_on_seeded_data():
    rng = random.Random(7)
    pre = [rng.randint(0, 10) for _ in range(40)]
    post = [min(10, p + rng.choice([-1, 0, 1, 2, 3])) for p in pre]
    r = efficacy_stats.paired_change(pre, post)
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    assert diffs, "the comparison needs data"
    mean = sum(diffs) / len(diffs)
    sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1))
    assert r.mean_change == pytest.approx(mean)
    assert (r.ci_high - r.ci_low) / 2 == pytest.approx(2.0226909 * sd / math.sqrt(40), rel=1e-6)
    assert r.p_value is not None
    assert r.p_value < 0.001


def test_rate():
    assert efficacy_stats.rate(3, 4) == 0.75
    assert efficacy_stats.rate(0, 0) is None
