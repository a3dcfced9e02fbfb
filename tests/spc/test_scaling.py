"""qls.spc.scaling: which charts a metric's multiplier scales, and that in and out undo each other."""

from __future__ import annotations

import numpy as np
import pytest

from qls.spc import CHARTS
from qls.spc.scaling import SCALED_POINT_COLUMNS, factor, rows_to_display, to_display, to_engine


@pytest.mark.parametrize("chart", CHARTS)
def test_only_ratio_charts_are_scaled(chart):
    expected = 1000.0 if chart in {"p", "pp", "u", "up"} else 1.0

    assert factor(chart, 1000) == expected


@pytest.mark.parametrize("missing", [None, 0, 0.0])
def test_a_missing_multiplier_counts_as_one(missing):
    assert factor("p", missing) == 1.0


def test_a_target_into_the_engine_and_back_is_unchanged():
    rng = np.random.default_rng(7)
    targets = rng.uniform(0, 50, 200)

    back = [to_display(to_engine(float(t), 1000.0), 1000.0) for t in targets]

    assert len(back) == 200
    np.testing.assert_allclose(back, targets, rtol=1e-12)


def test_an_array_is_scaled_as_its_values_are_one_by_one():
    rng = np.random.default_rng(11)
    values = rng.uniform(0, 1, 50)
    by = rng.choice([1.0, 100.0, 1000.0], 50)

    scaled = to_display(values, by)

    assert scaled.size == 50
    assert scaled.tolist() == [v * b for v, b in zip(values.tolist(), by.tolist(), strict=True)]


def test_rows_scale_only_the_columns_in_the_metrics_units():
    rows = [
        {**dict.fromkeys(SCALED_POINT_COLUMNS, 0.5), "segment": 2, "point_type": "common_cause"}
    ]
    rows[0]["target"] = None

    rows_to_display(rows, 100.0)

    assert rows[0]["y"] == 50.0
    assert rows[0]["upper_two_sigma"] == 50.0
    assert rows[0]["target"] is None
    assert rows[0]["segment"] == 2
