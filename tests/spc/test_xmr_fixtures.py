"""Hand-worked XmR fixtures from the methodology, expected values written out."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import col, one, summary
from qls.spc import analyse, xmr

C, I, K = "common_cause", "special_cause_improvement", "special_cause_concern"

ABOVE7 = [5.5, 6.5, 5.5, 6.5, 5.5, 6.5, 5.5]
BELOW7 = [4.5, 3.5, 4.5, 3.5, 4.5, 3.5, 4.5]
# mean 10, every moving range 1 -> amr 1: limits 10 ± 2.66, two-sigma lines 10 ± 1.7733
BASE10 = [10.0, 11, 10, 9, 10, 11, 10, 9, 10]


def test_shift_of_exactly_seven_is_flagged_both_sides() -> None:
    r = one(ABOVE7 + BELOW7)
    assert col(r, "mean")[0] == 5.0
    assert col(r, "upl")[0] == 5.0 + 2.66  # amr is exactly 1
    assert col(r, "rule_shift") == [True] * 14
    assert col(r, "rule_astronomical") == [False] * 14
    assert col(r, "rule_two_of_three") == [False] * 14
    assert col(r, "rule_trend") == [False] * 14
    assert col(r, "point_type") == [I] * 7 + [K] * 7


def test_shift_of_six_is_not_a_signal() -> None:
    r = one(ABOVE7[:6] + BELOW7[:6])
    assert col(r, "mean")[0] == 5.0
    assert col(r, "point_type") == [C] * 12
    assert not any(col(r, "special_cause_flag"))


def test_point_on_the_mean_breaks_a_shift() -> None:
    y = [5.5, 6.5, 5.5, 6.5, 5.0, 6.5, 5.5, 6.5, 4.5, 3.5, 4.5, 3.5, 5.0, 3.5, 4.5, 3.5]
    r = one(y)
    assert col(r, "mean")[0] == 5.0
    assert col(r, "rule_shift") == [False] * 16
    assert col(r, "point_type") == [C] * 16


def test_trend_of_seven_and_a_tie_breaking_one() -> None:
    r = one([10, 1, 2, 3, 4, 5, 6, 7, 0])
    assert col(r, "rule_trend") == [False] + [True] * 7 + [False]
    r = one([10, 1, 2, 3, 3, 4, 5, 6, 7, 0])
    assert col(r, "rule_trend") == [False] * 10


def test_peak_shared_by_two_trends_takes_the_direction_to_its_right() -> None:
    # A noisy fixed baseline (mean 5, amr 10) keeps every later point well inside the limits.
    y = [0, 10, 0, 10, 0, 10, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    r = one(y, fix_after_n_points=6)
    assert col(r, "upl")[0] == 5 + 2.66 * 10
    assert col(r, "rule_trend") == [False] * 6 + [True] * 13
    assert col(r, "rule_astronomical") == [False] * 19
    # rising 1..7 (indices 6-12) then falling 7..1 (12-18): the peak at 12 is falling
    assert col(r, "point_type") == [C] * 6 + [I] * 6 + [K] * 7
    # and a trough takes the rising run on its right
    r = one([10 - v for v in y], fix_after_n_points=6)
    assert col(r, "point_type") == [C] * 6 + [K] * 6 + [I] * 7


def test_points_exactly_on_a_limit_are_inside_and_on_the_mean_are_neither_side() -> None:
    y = [*BASE10, 10 + 2.66, 12.67, 10.0, 10 - 2.66, 7.33]
    r = one(y, fix_after_n_points=9)
    assert col(r, "mean")[0] == 10.0
    assert col(r, "upl")[0] == 10 + 2.66
    assert col(r, "lpl")[0] == 10 - 2.66
    assert col(r, "rule_astronomical") == [False] * 9 + [False, True, False, False, True]
    assert col(r, "point_type")[9:] == [C, I, C, C, K]


def test_two_of_three_counts_close_points_only_and_needs_one_side() -> None:
    # 12 and 12.1 are close (above 11.773, not above 12.66); 13 is outside, not close.
    r = one([*BASE10, 12, 13, 12.1], fix_after_n_points=9)
    assert col(r, "rule_two_of_three")[9:] == [True, False, True]
    assert col(r, "rule_astronomical")[9:] == [False, True, False]
    assert col(r, "point_type")[9:] == [I, I, I]
    # one close point and one outside point are not two of three
    r = one([*BASE10, 12, 13, 10.5], fix_after_n_points=9)
    assert col(r, "rule_two_of_three")[9:] == [False, False, False]
    assert col(r, "point_type")[9:] == [C, I, C]
    # two close points on opposite sides are not either
    r = one([*BASE10, 12, 8, 12], fix_after_n_points=9)
    assert col(r, "rule_two_of_three")[9:] == [False, False, False]


def test_rebase_at_a_date_starts_a_new_segment_at_that_point() -> None:
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(12)]
    y = [1.0, 2, 1, 2, 1, 2, 1, 5, 6, 5, 6, 5]
    pts = {"series_id": ["w"] * 12, "x": days, "y": y}
    r = analyse(pts, {"series_id": ["w"], "rebase": ["2024-01-08"]})
    assert col(r, "segment") == [0] * 7 + [1] * 5
    means = col(r, "mean")
    assert means[:7] == [10 / 7] * 7
    assert means[7:] == [27 / 5] * 5
    assert col(r, "upl")[7] == 27 / 5 + 2.66 * 1.0
    assert col(r, "short_segment") == [True] * 12
    assert col(r, "point_type") == [C] * 12  # the jump is absorbed by the new segment
    assert summary(r)["n_segments"] == 2
    # a list of date objects works as well as the ';' text form
    r2 = analyse(pts, {"series_id": ["w"], "rebase": [[dt.date(2024, 1, 8)]]})
    assert col(r2, "segment") == col(r, "segment")


def test_fix_after_n_points_judges_later_points_against_the_baseline() -> None:
    r = one([1, 3, 1, 3, 100, 100], fix_after_n_points=4)
    assert col(r, "mean") == [2.0] * 6
    assert col(r, "upl") == [2 + 2.66 * 2] * 6
    assert col(r, "rule_astronomical") == [False] * 4 + [True, True]
    unfixed = one([1, 3, 1, 3, 100, 100])
    assert col(unfixed, "mean")[0] == 208 / 6


def test_outlier_screening_on_and_off() -> None:
    y = [1.0, 2] * 5 + [20, 2, 8]
    mean = 45 / 13
    on = one(y)
    assert col(on, "mean")[0] == pytest.approx(mean, rel=1e-15)
    # ranges: nine of 1, two of 18, one of 6; mean 51/12, cut 3.267 * 4.25 = 13.9 drops the 18s
    assert col(on, "upl")[0] == pytest.approx(mean + 2.66 * 15 / 10, rel=1e-15)
    assert col(on, "rule_astronomical")[12] is True
    off = one(y, screen_outliers=False)
    assert col(off, "upl")[0] == pytest.approx(mean + 2.66 * 51 / 12, rel=1e-15)
    assert col(off, "rule_astronomical")[12] is False
    assert col(off, "rule_astronomical")[10] is True  # the spike itself is outside either way


def test_all_equal_values_have_zero_width_limits_and_no_signal() -> None:
    r = one([5.0] * 10)
    assert col(r, "mean") == [5.0] * 10
    assert col(r, "lpl") == [5.0] * 10
    assert col(r, "upl") == [5.0] * 10
    assert col(r, "point_type") == [C] * 10
    s = summary(r)
    assert s["variation_icon"] == "common_cause"
    assert s["n_useful"] == 0
    assert s["longest_run"] is None
    assert s["n_crossings_min"] is None
    assert s["runs_signal"] is False


def test_one_point_has_a_mean_but_no_limits() -> None:
    r = one([7.0])
    assert col(r, "mean") == [7.0]
    assert col(r, "lpl") == [None]
    assert col(r, "upl") == [None]
    assert col(r, "lower_two_sigma") == [None]
    assert col(r, "point_type") == [C]
    assert col(r, "short_segment") == [True]
    assert summary(r)["assurance_icon"] is None


def test_empty_input_gives_empty_tables() -> None:
    r = analyse({"series_id": np.zeros(0, int), "x": np.zeros(0, int), "y": np.zeros(0)})
    assert r.points.num_rows == 0
    assert r.summary.num_rows == 0


def test_missing_value_keeps_its_row_and_removes_two_moving_ranges() -> None:
    r = one([1, 2, None, 4, 5])
    assert col(r, "mean") == [3.0] * 5  # (1 + 2 + 4 + 5) / 4
    assert col(r, "upl")[0] == 3 + 2.66 * 1.0  # ranges |2-1| and |5-4| only
    assert col(r, "y")[2] is None
    assert col(r, "point_type")[2] is None
    assert col(r, "special_cause_flag")[2] is False
    assert col(r, "upl")[2] == col(r, "upl")[0]


def test_rules_run_over_a_gap_as_if_the_row_were_absent() -> None:
    r = one([1, 2, 3, None, 4, 5, 6, 7])
    assert col(r, "rule_trend") == [True, True, True, False, True, True, True, True]


def test_last_point_missing_takes_the_icon_from_the_last_observed_point() -> None:
    r = one([*BASE10, 20, None], fix_after_n_points=9)
    assert summary(r)["variation_icon"] == "special_cause_improvement_high"


@pytest.mark.parametrize(
    ("direction", "last", "icon"),
    [
        ("increase", 10.0, "common_cause"),
        ("increase", 20.0, "special_cause_improvement_high"),
        ("increase", 0.0, "special_cause_concern_low"),
        ("decrease", 10.0, "common_cause"),
        ("decrease", 0.0, "special_cause_improvement_low"),
        ("decrease", 20.0, "special_cause_concern_high"),
        ("neutral", 10.0, "common_cause"),
        ("neutral", 20.0, "special_cause_neutral_high"),
        ("neutral", 0.0, "special_cause_neutral_low"),
    ],
)
def test_variation_icon(direction: str, last: float, icon: str) -> None:
    r = one([*BASE10, last], fix_after_n_points=9, improvement_direction=direction)
    assert summary(r)["variation_icon"] == icon


@pytest.mark.parametrize(
    ("direction", "target", "icon"),
    [
        ("increase", 20.0, "consistent_fail"),
        ("increase", 0.0, "consistent_pass"),
        ("increase", 10.0, "inconsistent"),
        ("increase", 10 + 2.66, "inconsistent"),  # exactly on a limit
        ("decrease", 20.0, "consistent_pass"),
        ("decrease", 0.0, "consistent_fail"),
        ("decrease", 10.0, "inconsistent"),
        ("decrease", 10 - 2.66, "inconsistent"),
        ("neutral", 20.0, None),
        ("increase", None, None),
    ],
)
def test_assurance_icon(direction: str, target: float | None, icon: str | None) -> None:
    r = one(BASE10, improvement_direction=direction, target=target)
    assert summary(r)["assurance_icon"] == icon


def test_target_is_carried_on_every_point() -> None:
    r = one([1.0, 2, 3], target=2.5)
    assert col(r, "target") == [2.5] * 3
    assert col(one([1.0, 2, 3]), "target") == [None] * 3


def test_anhoej_rules_on_an_xmr_chart_flag_long_runs_only() -> None:
    y = [5.5, 6.5] * 5 + [4.5, 3.5] * 5  # 10 above the mean then 10 below
    r = one(y, rules="anhoej")
    s = summary(r)
    assert s["n_useful"] == 20
    assert s["longest_run"] == 10
    assert s["longest_run_max"] == 7
    assert s["n_crossings"] == 1
    assert s["n_crossings_min"] == 6
    assert s["runs_signal"] is True
    assert col(r, "rule_shift") == [True] * 20
    assert col(r, "rule_trend") == [False] * 20


def test_single_series_helper_is_analyse() -> None:
    a = xmr([1.0, 5, 2, 8], x=[10, 20, 30, 40], target=3.0, improvement_direction="decrease")
    b = analyse(
        {"series_id": [0] * 4, "x": [10, 20, 30, 40], "y": [1.0, 5, 2, 8]},
        {"series_id": [0], "target": [3.0], "improvement_direction": ["decrease"]},
    )
    assert a.points.equals(b.points)
    assert a.summary.equals(b.summary)


def test_one_point_has_zero_useful_observations_as_qicharts2_reports() -> None:
    s = summary(one([7.0]))
    assert s["n_useful"] == 0
    assert (s["longest_run"], s["n_crossings"]) == (None, None)
    assert s["runs_signal"] is False


def test_a_quarterly_figure_carried_to_each_month_is_flagged_as_repeated_values() -> None:
    quarterly = [6.84, 6.91, 6.79, 6.88, 6.95, 6.81, 6.9, 6.86]
    carried = [v for v in quarterly for _ in range(3)]  # two of every three ranges are zero
    assert summary(one(carried))["repeated_values"] is True
    assert summary(one(quarterly))["repeated_values"] is False


def test_repeated_values_counts_only_the_last_segment_and_only_xmr_and_t() -> None:
    ys = [5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 3.0, 4.0, 6.0, 5.0, 7.0, 2.0]
    flat_then_varied = analyse(
        {"series_id": [0] * 12, "x": list(range(12)), "y": ys},
        {"series_id": [0], "rebase": [[6]]},
    )
    assert flat_then_varied.summary.column("repeated_values").to_pylist() == [False]
    counts = analyse({"series_id": [0] * 6, "x": list(range(6)), "y": [0.0] * 6}, chart="c")
    assert counts.summary.column("repeated_values").to_pylist() == [False]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([1.0, 2.0, 3.0]), min_size=0, max_size=30))
def test_repeated_values_matches_a_plain_count_of_zero_moving_ranges(ys: list[float]) -> None:
    if not ys:
        return
    ranges = [abs(b - a) for a, b in itertools.pairwise(ys)]
    expected = len(ranges) >= 2 and sum(r == 0 for r in ranges) > len(ranges) / 3
    assert summary(one(ys))["repeated_values"] is expected
