"""Attribute, rare-event and run charts: limits computed by hand from qicharts2's formulas."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pytest
from spc_reference import qbinom05

from conftest import col, one, summary
from qls.spc import SpcInputError, analyse, run
from qls.spc.runs import crossings_min, crossings_min_one


def ratio(chart: str, num: list[float], den: list[float], **kw: Any) -> Any:
    n = len(num)
    pts = {"series_id": [1] * n, "x": list(range(n)), "numerator": num, "denominator": den}
    return analyse(pts, chart=chart, **kw)


def test_p_chart_limits_vary_with_n_and_clamp_to_zero_and_one() -> None:
    r = ratio("p", [1, 2, 3, 4], [10, 10, 10, 40])
    cl = 10 / 70
    assert col(r, "mean") == pytest.approx([cl] * 4)
    assert col(r, "y") == pytest.approx([0.1, 0.2, 0.3, 0.1])
    for n, upl, lpl, u2 in zip(
        [10, 10, 10, 40], col(r, "upl"), col(r, "lpl"), col(r, "upper_two_sigma"), strict=True
    ):
        s = math.sqrt(cl * (1 - cl) / n)
        assert upl == pytest.approx(min(1, cl + 3 * s))
        assert lpl == pytest.approx(max(0, cl - 3 * s))
        assert u2 == pytest.approx(cl + 2 * s)
    assert col(r, "lpl")[0] == 0.0  # clamped


def test_p_prime_rescales_sigma_by_the_spread_of_z() -> None:
    num, den = [1, 2, 3, 4], [10, 10, 10, 10]
    r = ratio("pp", num, den)
    cl = 0.25
    s = math.sqrt(cl * (1 - cl) / 10)
    z = [(k / 10 - cl) / s for k in num]
    sigma_z = sum(abs(b - a) for a, b in itertools.pairwise(z)) / 3 / 1.128
    assert col(r, "upl")[0] == pytest.approx(cl + 3 * s * sigma_z)
    assert col(r, "lpl")[0] == pytest.approx(max(0.0, cl - 3 * s * sigma_z))


def test_p_prime_with_one_point_has_no_limits() -> None:
    r = ratio("pp", [3], [10])
    assert col(r, "mean") == [0.3]
    assert col(r, "upl") == [None]


def test_u_and_u_prime() -> None:
    r = ratio("u", [2, 4, 6], [1, 2, 3])
    assert col(r, "mean") == pytest.approx([2.0] * 3)
    assert col(r, "upl") == pytest.approx([2 + 3 * math.sqrt(2 / n) for n in (1, 2, 3)])
    assert col(r, "lpl") == pytest.approx([max(0, 2 - 3 * math.sqrt(2 / n)) for n in (1, 2, 3)])
    r = ratio("up", [2, 5, 6, 11], [1, 2, 3, 4])
    cl = 24 / 10
    s = [math.sqrt(cl / n) for n in (1, 2, 3, 4)]
    z = [(k / n - cl) / si for k, n, si in zip([2, 5, 6, 11], [1, 2, 3, 4], s, strict=True)]
    sz = sum(abs(b - a) for a, b in itertools.pairwise(z)) / 3 / 1.128
    assert col(r, "upl") == pytest.approx([cl + 3 * si * sz for si in s])


def test_c_chart() -> None:
    r = one([2, 4, 6, 8], chart="c")
    assert col(r, "mean") == [5.0] * 4
    assert col(r, "upl") == pytest.approx([5 + 3 * math.sqrt(5)] * 4)
    assert col(r, "lpl") == [0.0] * 4


def test_g_chart_draws_the_median_but_takes_limits_from_the_mean() -> None:
    r = one([1, 2, 3, 10], chart="g")
    assert col(r, "mean") == [2.5] * 4
    assert col(r, "limits_mean") == [4.0] * 4
    assert col(r, "upl") == pytest.approx([4 + 3 * math.sqrt(20)] * 4)
    assert col(r, "upper_one_sigma") == pytest.approx([4 + math.sqrt(20)] * 4)
    assert col(r, "lpl") == [0.0] * 4
    assert r.points.column_names[-1] == "limits_mean"


def test_t_chart_back_transforms_an_individuals_chart() -> None:
    y = [5.0, 12.0, 3.0, 30.0, 8.0]
    r = one(y, chart="t")
    yt = [v ** (1 / 3.6) for v in y]
    cl = sum(yt) / 5
    sigma = sum(abs(b - a) for a, b in itertools.pairwise(yt)) / 4 / 1.128
    assert col(r, "mean")[0] == pytest.approx(cl**3.6)
    assert col(r, "upl")[0] == pytest.approx((cl + 3 * sigma) ** 3.6)
    assert col(r, "lpl")[0] == pytest.approx(max(0.0, cl - 3 * sigma) ** 3.6)


@pytest.mark.parametrize(
    ("chart", "num", "den", "column"),
    [
        ("p", [1, 2], [10, 0], "denominator"),
        ("p", [1, 12], [10, 10], "numerator"),
        ("u", [1, 2], [10, -1], "denominator"),
    ],
)
def test_bad_ratio_input_names_the_row(
    chart: str, num: list[float], den: list[float], column: str
) -> None:
    with pytest.raises(SpcInputError) as exc:
        ratio(chart, num, den)
    assert exc.value.row == 1
    assert exc.value.column == column


def test_t_values_must_be_positive() -> None:
    with pytest.raises(SpcInputError) as exc:
        one([1.0, 0.0], chart="t")
    assert exc.value.row == 1


def test_run_chart_anhoej_figures() -> None:
    r = run(list(range(1, 13)))
    assert col(r, "mean") == [6.5] * 12
    assert col(r, "upl") == [None] * 12
    s = summary(r)
    assert (s["n_useful"], s["longest_run"], s["longest_run_max"]) == (12, 6, 7)
    assert (s["n_crossings"], s["n_crossings_min"], s["runs_signal"]) == (1, 3, True)
    assert not any(col(r, "rule_shift"))  # no run longer than 7
    assert s["assurance_icon"] is None


def test_run_chart_drops_points_on_the_median() -> None:
    r = run([3, 1, 3, 5, 3, 5, 1, 5, 3])
    s = summary(r)
    assert col(r, "mean")[0] == 3.0
    assert (s["n_useful"], s["longest_run"], s["n_crossings"]) == (5, 2, 3)
    assert (s["longest_run_max"], s["n_crossings_min"], s["runs_signal"]) == (5, 0, False)


def test_run_chart_long_run_flags_points() -> None:
    y = [1, 2] * 3 + [10, 11] * 5 + [1, 2] * 3
    r = run(y)
    assert summary(r)["longest_run"] == 10
    assert col(r, "rule_shift") == [False] * 6 + [True] * 10 + [False] * 6
    assert col(r, "point_type")[6] == "special_cause_improvement"


def test_run_chart_with_mdc_rules_uses_shift_and_trend_only() -> None:
    r = run([1, 2, 3, 4, 5, 6, 7, 1, 1], rules="mdc")
    assert col(r, "rule_trend")[:7] == [True] * 7
    assert not any(col(r, "rule_astronomical"))


@pytest.mark.parametrize("n_useful", [*range(1, 60), 100, 250, 1000, 3999])
def test_crossings_minimum_matches_a_direct_binomial_sum(n_useful: int) -> None:
    assert crossings_min_one(n_useful - 1) == qbinom05(n_useful - 1)


def test_crossings_minimum_known_values() -> None:
    # Anhøj's published table: 10 -> 2, 20 -> 6, 30 -> 10, 100 -> 41
    assert crossings_min(np.array([10, 20, 30, 100])).tolist() == [2, 6, 10, 41]
