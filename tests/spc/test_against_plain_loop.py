"""The vectorised engine against a plain per-point loop, on seeded random batches."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from spc_reference import xmr_series

from qls.spc import analyse

FLOAT_COLUMNS = (
    "mean",
    "lpl",
    "upl",
    "lower_one_sigma",
    "upper_one_sigma",
    "lower_two_sigma",
    "upper_two_sigma",
    "target",
)
EXACT_COLUMNS = (
    "point_type",
    "special_cause_flag",
    "rule_astronomical",
    "rule_trend",
    "rule_two_of_three",
    "rule_shift",
    "segment",
    "short_segment",
)
SUMMARY_FIELDS = (
    "variation_icon",
    "assurance_icon",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def random_batch(
    rng: np.random.Generator, n_series: int, *, grid: bool, shuffle: bool
) -> tuple[dict[str, np.ndarray], dict[str, list[Any]]]:
    ids, xs, ys = [], [], []
    opts: dict[str, list[Any]] = {
        k: []
        for k in (
            "series_id",
            "improvement_direction",
            "target",
            "rebase",
            "fix_after_n_points",
            "screen_outliers",
        )
    }
    for s in range(n_series):
        n = int(rng.integers(1, 45))
        x = np.sort(rng.choice(1000, size=n, replace=False))
        if grid:  # small integer range: ties, points on the mean and on limits
            y = rng.integers(0, 6, size=n).astype(float)
        else:
            y = np.cumsum(rng.normal(0, 1, n)) + rng.normal(0, 3, n)
        y[rng.random(n) < 0.08] = np.nan
        ids.append(np.full(n, s + 100))
        xs.append(x)
        ys.append(y)
        opts["series_id"].append(s + 100)
        opts["improvement_direction"].append(rng.choice(["increase", "decrease", "neutral"]))
        opts["target"].append(float(rng.integers(-2, 8)) if rng.random() < 0.6 else None)
        k = int(rng.integers(1, 4)) if n > 3 and rng.random() < 0.3 else 0
        opts["rebase"].append(
            [int(v) for v in rng.choice(x[1:], size=k, replace=False)] if k else None
        )
        opts["fix_after_n_points"].append(int(rng.integers(2, 20)) if rng.random() < 0.3 else None)
        opts["screen_outliers"].append(bool(rng.random() < 0.7))
    points = {"series_id": np.concatenate(ids), "x": np.concatenate(xs), "y": np.concatenate(ys)}
    if shuffle:
        perm = rng.permutation(len(points["x"]))
        points = {k: v[perm] for k, v in points.items()}
    return points, opts


@pytest.mark.parametrize(
    ("seed", "grid", "shuffle"),
    [
        (1, True, False),
        (2, True, True),
        (3, False, False),
        (4, False, True),
        (5, True, True),
    ],
)
def test_engine_matches_plain_loop(seed: int, grid: bool, shuffle: bool) -> None:
    rng = np.random.default_rng(seed)
    points, opts = random_batch(rng, 60, grid=grid, shuffle=shuffle)
    result = analyse(points, opts)
    got = result.points.to_pylist()
    got_summary = {row["series_id"]: row for row in result.summary.to_pylist()}
    assert len(got) == len(points["x"]) > 0
    compared = flagged = 0
    for s_index, sid in enumerate(opts["series_id"]):
        mask = points["series_id"] == sid
        xs = points["x"][mask].tolist()
        ys = [None if np.isnan(v) else float(v) for v in points["y"][mask]]
        direction = {"increase": 1, "decrease": -1, "neutral": 0}[
            opts["improvement_direction"][s_index]
        ]
        expected, exp_summary = xmr_series(
            xs,
            ys,
            direction=direction,
            target=opts["target"][s_index],
            rebase=tuple(opts["rebase"][s_index] or ()),
            fix=opts["fix_after_n_points"][s_index],
            screen=opts["screen_outliers"][s_index],
        )
        for row in (r for r in got if r["series_id"] == sid):
            exp = expected[row["x"]]
            for name in FLOAT_COLUMNS:
                assert _close(row[name], exp[name]), (sid, row["x"], name, row[name], exp[name])
            for name in EXACT_COLUMNS:
                assert row[name] == exp[name], (sid, row["x"], name, row[name], exp[name])
            compared += 1
            flagged += bool(row["special_cause_flag"])
        for name in SUMMARY_FIELDS:
            assert got_summary[sid][name] == exp_summary[name], (sid, name)
    assert compared == len(got)
    assert flagged > 0  # the batch exercised the rules, not just common cause


def test_input_order_is_kept(rng: np.random.Generator) -> None:
    points, _ = random_batch(rng, 20, grid=False, shuffle=True)
    result = analyse(points)
    assert result.points.column("x").to_numpy().tolist() == points["x"].tolist()
    assert result.points.column("series_id").to_numpy().tolist() == points["series_id"].tolist()
