"""Hypothesis properties of the XmR engine.

Values live on a quarter grid and series stay under 25 points, so no value
can sit within rounding distance of a limit without being exactly on it in
real arithmetic; comparisons then survive shifting exactly.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from qls.spc import analyse

values = st.lists(st.integers(-40, 40).map(lambda v: v / 4), min_size=1, max_size=24)
directions = st.sampled_from(["increase", "decrease", "neutral"])
FLIP = {
    "special_cause_improvement": "special_cause_concern",
    "special_cause_concern": "special_cause_improvement",
}


def run_one(y: list[float], direction: str = "increase", **kw: Any) -> dict[str, list[Any]]:
    n = len(y)
    r = analyse(
        {"series_id": np.zeros(n, int), "x": np.arange(n), "y": np.array(y, float)},
        {"series_id": [0], "improvement_direction": [direction]},
        **kw,
    )
    return r.points.to_pydict()


@given(values)
def test_limits_are_symmetric_about_the_mean(y: list[float]) -> None:
    p = run_one(y)
    for mean, lpl, upl, l2, u2 in zip(
        p["mean"], p["lpl"], p["upl"], p["lower_two_sigma"], p["upper_two_sigma"], strict=True
    ):
        if upl is None:
            continue
        assert abs((upl - mean) - (mean - lpl)) <= 1e-9 * max(1.0, abs(mean), abs(upl))
        assert abs((u2 - mean) - (mean - l2)) <= 1e-9 * max(1.0, abs(mean), abs(u2))
        assert lpl <= l2 <= mean <= u2 <= upl


@given(values, st.integers(-50, 50), directions)
def test_point_types_survive_adding_a_constant(y: list[float], c: int, d: str) -> None:
    assert run_one(y, d)["point_type"] == run_one([v + c for v in y], d)["point_type"]


@given(values, st.sampled_from([0.25, 0.5, 2.0, 8.0, 3.0]), directions)
def test_point_types_survive_positive_scaling(y: list[float], k: float, d: str) -> None:
    assert run_one(y, d)["point_type"] == run_one([v * k for v in y], d)["point_type"]


@given(values, directions)
def test_negating_values_and_direction_keeps_point_types(y: list[float], d: str) -> None:
    flipped = {"increase": "decrease", "decrease": "increase", "neutral": "neutral"}[d]
    a = run_one(y, d)["point_type"]
    b = run_one([-v for v in y], flipped)["point_type"]
    if d == "neutral":
        swap = {
            "special_cause_neutral_high": "special_cause_neutral_low",
            "special_cause_neutral_low": "special_cause_neutral_high",
        }
        b = [swap.get(t, t) for t in b]
    assert a == b


@given(st.lists(st.integers(-40, 40).map(float), min_size=7, max_size=24))
def test_reversing_time_swaps_rising_and_falling_trends(y: list[float]) -> None:
    fwd = run_one(y)
    back = run_one(y[::-1])
    assert fwd["rule_trend"] == back["rule_trend"][::-1]
    n = len(y)
    for i in range(1, n - 1):
        j = n - 1 - i
        monotone = (y[i - 1] < y[i] < y[i + 1]) or (y[i - 1] > y[i] > y[i + 1])
        if fwd["rule_trend"][i] and monotone and not fwd["rule_astronomical"][i]:
            assert back["point_type"][j] == FLIP[fwd["point_type"][i]]


@given(st.lists(st.tuples(values, directions), min_size=1, max_size=8), st.randoms())
def test_batch_equals_each_series_alone(series: list[tuple[list[float], str]], rnd: Any) -> None:
    ids, xs, ys = [], [], []
    for k, (y, _) in enumerate(series):
        ids += [k] * len(y)
        xs += list(range(len(y)))
        ys += y
    order = list(range(len(ids)))
    rnd.shuffle(order)
    pts = {
        "series_id": np.array(ids)[order],
        "x": np.array(xs)[order],
        "y": np.array(ys, float)[order],
    }
    opts = {"series_id": list(range(len(series))), "improvement_direction": [d for _, d in series]}
    batch = analyse(pts, opts).points.to_pylist()
    assert len(batch) == len(ids) > 0
    for k, (y, d) in enumerate(series):
        alone = run_one(y, d)
        rows = sorted((r for r in batch if r["series_id"] == k), key=lambda r: r["x"])
        for name in ("point_type", "mean", "upl", "lpl", "rule_shift", "rule_trend"):
            assert [r[name] for r in rows] == alone[name]
