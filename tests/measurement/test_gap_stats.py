"""The gap statistics against hand-worked and published values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from qls.measurement.gaps import proportion_gap, rate_gap, value_gap, wilson_interval


def test_wilson_interval_matches_the_hand_worked_value():
    # 56/70: p = 0.8, z² = 3.8415; centre = (0.8 + 0.02744)/1.05488 = 0.78441,
    # half = 1.95996/1.05488 * sqrt(0.16/70 + 3.8415/19600) = 0.09256.
    low, high = wilson_interval(56, 70)
    assert float(low) == pytest.approx(0.69183, abs=5e-5)
    assert float(high) == pytest.approx(0.87695, abs=5e-5)


def test_newcombe_difference_matches_newcombe_1998_examples():
    # Newcombe (1998), Statistics in Medicine 17:873, table II, method 10.
    g = proportion_gap(56, 70, 48, 80)
    assert g.difference == pytest.approx(0.2)
    assert (round(g.difference_low, 4), round(g.difference_high, 4)) == (0.0524, 0.3339)
    # Method 1 (Wald) from the same table.
    assert (round(g.wald_low, 4), round(g.wald_high, 4)) == (0.0575, 0.3425)

    g = proportion_gap(9, 10, 3, 10)
    assert (round(g.difference_low, 4), round(g.difference_high, 4)) == (0.1705, 0.8090)


def test_risk_ratio_interval_on_the_log_scale():
    # RR = 0.8/0.6; se = sqrt(1/56 - 1/70 + 1/48 - 1/80) = 0.109109.
    g = proportion_gap(56, 70, 48, 80)
    assert g.ratio == pytest.approx(4 / 3)
    se = math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80)
    assert se == pytest.approx(0.109109, abs=1e-6)
    assert g.ratio_low == pytest.approx(1.0766, abs=1e-4)
    assert g.ratio_high == pytest.approx(1.6512, abs=1e-4)


def test_rate_gap_uses_poisson_variances_and_the_multiplier():
    # 30 events in 10,000 bed days vs 15 in 12,000, per 1,000 bed days:
    # 3.0 - 1.25 = 1.75; se = 1000 * sqrt(30/1e8 + 15/1.44e8) = 0.63574.
    g = rate_gap(30, 10_000, 15, 12_000, multiplier=1000)
    assert g.difference == pytest.approx(1.75)
    assert g.difference_low == pytest.approx(0.5040, abs=1e-4)
    assert g.difference_high == pytest.approx(2.9960, abs=1e-4)
    # Rate ratio 2.4, se(log) = sqrt(1/30 + 1/15) = 0.316228.
    assert g.ratio == pytest.approx(2.4)
    assert g.ratio_low == pytest.approx(1.2913, abs=1e-4)
    assert g.ratio_high == pytest.approx(4.4605, abs=1e-4)


def test_zero_counts_give_no_ratio_interval_rather_than_a_made_up_one():
    g = proportion_gap(0, 50, 5, 50)
    assert g.difference == pytest.approx(-0.1)
    assert math.isfinite(g.difference_low)  # Newcombe copes with 0%
    assert g.ratio == 0
    assert math.isnan(g.ratio_low)
    assert math.isnan(g.ratio_high)
    g = rate_gap(4, 1000, 0, 1000)
    assert math.isnan(g.ratio)


def test_arrays_give_one_gap_per_period_matching_the_scalar_answer():
    rng = np.random.default_rng(5)
    n1 = rng.integers(50, 500, 20)
    n2 = rng.integers(50, 500, 20)
    x1 = rng.binomial(n1, 0.3)
    x2 = rng.binomial(n2, 0.2)
    g = proportion_gap(x1, n1, x2, n2)
    assert len(g.difference) == 20
    for i in range(20):
        one = proportion_gap(int(x1[i]), int(n1[i]), int(x2[i]), int(n2[i]))
        assert g.difference_low[i] == pytest.approx(one.difference_low)
        assert g.ratio_high[i] == pytest.approx(one.ratio_high)


def test_value_gap_has_no_interval():
    g = value_gap(5.5, 4.0)
    assert g.difference == pytest.approx(1.5)
    assert g.ratio == pytest.approx(1.375)
    assert math.isnan(g.difference_low)
