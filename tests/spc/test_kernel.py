"""The compiled XmR kernel gives exactly what the NumPy path gives.

The NumPy path is the reference: every batch below is analysed both ways
and the tables must match bit for bit (floats compared as their 64-bit
patterns, nulls in the same rows). The hand-worked fixtures (XmR and
attribute charts) and the plain-loop comparison are imported and run again
with the kernel forced on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

# The hand-worked fixtures and the plain-loop comparison, run again on the kernel.
from test_against_plain_loop import *
from test_attribute_and_runs import *
from test_xmr_fixtures import *

from qls.spc import SpcOptionError, _kernel, analyse


@contextmanager
def kernel_mode(value: str) -> Iterator[None]:
    before = os.environ.get(_kernel.ENV)
    os.environ[_kernel.ENV] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(_kernel.ENV, None)
        else:
            os.environ[_kernel.ENV] = before


@pytest.fixture(autouse=True, scope="module")
def _kernel_forced() -> Iterator[None]:
    """Every test in this module, the imported ones too, analyses on the kernel."""
    with kernel_mode("compiled"):
        yield


def both(points: Any, options: Any = None, **kw: Any) -> tuple[Any, Any]:
    with kernel_mode("numpy"):
        reference = analyse(points, options, **kw)
    with kernel_mode("compiled"):
        compiled = analyse(points, options, **kw)
    return reference, compiled


def assert_identical(a: pa.Table, b: pa.Table) -> None:
    assert a.schema == b.schema
    assert a.num_rows == b.num_rows
    for name in a.column_names:
        ca, cb = a.column(name).combine_chunks(), b.column(name).combine_chunks()
        if pa.types.is_floating(ca.type):
            va = np.asarray(ca.is_valid())
            assert np.array_equal(va, np.asarray(cb.is_valid())), name
            xa = np.asarray(ca.fill_null(0.0)).view(np.int64)
            xb = np.asarray(cb.fill_null(0.0)).view(np.int64)
            assert np.array_equal(xa[va], xb[va]), name
        else:
            assert ca.equals(cb), name


def assert_same_analysis(points: Any, options: Any = None, **kw: Any) -> None:
    reference, compiled = both(points, options, **kw)
    assert reference.points.num_rows == compiled.points.num_rows
    assert_identical(reference.points, compiled.points)
    assert_identical(reference.summary, compiled.summary)


def make_batch(seed: int, n_series: int, max_len: int, shape: dict[str, Any]) -> tuple[Any, Any]:
    """A batch with the edge cases the rules care about, from one seed."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, max_len + 1, n_series)
    ids, xs, ys = [], [], []
    for s, length in enumerate(lengths):
        if shape["values"] == "grid":  # ties, points on the mean and on the limits
            y = rng.integers(-12, 13, length) / 4
        elif shape["values"] == "carried":  # repeated values: zero moving ranges
            y = np.repeat(rng.normal(50, 5, length // 3 + 1), 3)[:length]
        else:
            y = rng.normal(100, 10, length) * 10.0 ** rng.integers(-3, 4)
        if shape["trend"] and length > 10:  # a long rise, then a fall from the peak
            at = int(rng.integers(0, length - 9))
            y[at : at + 9] = np.sort(y[at : at + 9])
        if shape["outlier"] and length > 3:
            y[int(rng.integers(0, length))] += 1e6
        if shape["missing"]:
            y[rng.random(length) < shape["missing"]] = np.nan
        ids.append(np.full(length, s))
        xs.append(np.arange(length) * 7)
        ys.append(y)
    points = {"series_id": np.concatenate(ids), "x": np.concatenate(xs), "y": np.concatenate(ys)}
    if shape["shuffle"]:
        order = rng.permutation(len(points["y"]))
        points = {k: v[order] for k, v in points.items()}
    options = {
        "series_id": list(range(n_series)),
        "improvement_direction": [
            ["increase", "decrease", "neutral"][int(rng.integers(0, 3))] for _ in lengths
        ],
        "target": [float(rng.normal(100, 20)) if rng.random() < 0.5 else None for _ in lengths],
        "rebase": [
            [int(rng.integers(1, length)) * 7] if shape["rebase"] and length > 2 else []
            for length in lengths
        ],
        "fix_after_n_points": [
            int(rng.integers(1, length + 2)) if shape["fix"] and rng.random() < 0.6 else None
            for length in lengths
        ],
        "screen_outliers": [bool(rng.random() < 0.7) for _ in lengths],
    }
    return points, options


shapes = st.fixed_dictionaries(
    {
        "values": st.sampled_from(["grid", "carried", "wide"]),
        "trend": st.booleans(),
        "outlier": st.booleans(),
        "missing": st.sampled_from([0.0, 0.0, 0.1, 0.5]),
        "shuffle": st.booleans(),
        "rebase": st.booleans(),
        "fix": st.booleans(),
    }
)


@given(st.integers(0, 2**32 - 1), st.integers(1, 8), st.sampled_from([3, 20, 70, 300]), shapes)
def test_kernel_matches_the_numpy_path_on_random_batches(
    seed: int, n_series: int, max_len: int, shape: dict[str, Any]
) -> None:
    points, options = make_batch(seed, n_series, max_len, shape)
    assert len(points["y"]) > 0
    assert_same_analysis(points, options)


@given(st.integers(0, 2**32 - 1), st.integers(1, 8), st.sampled_from([3, 20, 70, 300]), shapes)
def test_kernel_matches_the_numpy_path_on_random_c_charts(
    seed: int, n_series: int, max_len: int, shape: dict[str, Any]
) -> None:
    points, options = make_batch(seed, n_series, max_len, shape)
    rng = np.random.default_rng(seed)
    # Counts: many zeros (limits floored at 0), ties, and the odd burst.
    counts = rng.poisson(rng.choice([0.3, 3.0, 40.0]), len(points["y"])).astype(float)
    counts[np.isnan(points["y"])] = np.nan
    points["y"] = counts
    assert_same_analysis(points, options, chart="c")


def test_kernel_matches_on_long_series_past_numpys_summation_blocks() -> None:
    # Sums over more than 128 (pairwise halves) and 8192 (NumPy buffer) rows.
    rng = np.random.default_rng(7)
    for n, missing in ((129, 0.0), (1000, 0.0), (20_003, 0.0), (20_003, 0.05)):
        y = rng.normal(0, 1, n) * 10.0 ** rng.integers(-6, 7, n)
        y[rng.random(n) < missing] = np.nan
        assert_same_analysis({"series_id": np.zeros(n, int), "x": np.arange(n), "y": y})


def test_kernel_matches_on_a_batch_of_many_short_series() -> None:
    points, options = make_batch(
        11,
        3_000,
        60,
        {
            "values": "grid",
            "trend": True,
            "outlier": True,
            "missing": 0.02,
            "shuffle": False,
            "rebase": True,
            "fix": True,
        },
    )
    reference, compiled = both(points, options)
    assert reference.points.column("special_cause_flag").to_pylist().count(True) > 100
    assert_identical(reference.points, compiled.points)
    assert_identical(reference.summary, compiled.summary)


def test_kernel_applies_to_xmr_and_c_with_the_mdc_rules_only() -> None:
    with kernel_mode("compiled"):
        assert _kernel.applies(10, "xmr", "mdc")
        assert _kernel.applies(10, "c", "mdc")
        assert not _kernel.applies(10, "xmr", "anhoej")
        assert not _kernel.applies(10, "p", "mdc")
    with kernel_mode("numpy"):
        assert not _kernel.applies(10**9, "xmr", "mdc")


def test_a_small_batch_in_a_fresh_process_stays_on_numpy_until_warmed_up() -> None:
    was = _kernel._warm
    _kernel._warm = False
    try:
        with kernel_mode("auto"):
            assert not _kernel.applies(1_000, "xmr", "mdc")
            assert _kernel.applies(_kernel.AUTO_POINTS, "xmr", "mdc")
            assert _kernel.warm_up() >= 0
            assert _kernel.applies(1_000, "xmr", "mdc")
    finally:
        _kernel._warm = was


def test_an_unknown_kernel_setting_is_refused_by_name() -> None:
    with kernel_mode("fast"), pytest.raises(SpcOptionError, match="QLS_SPC_KERNEL"):
        analyse({"series_id": [1, 1], "x": [1, 2], "y": [1.0, 2.0]})
