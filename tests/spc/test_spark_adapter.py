"""qls.spc.spark gives the local engine's answers, inside Spark, for every chart."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_against_plain_loop import random_batch

from qls.spc import SpcInputError
from qls.spc import analyse as local_analyse
from qls.spc.spark._partition import output_schemas, run_partition

pytest.importorskip("pyspark")
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

KEY = [("series_id", "ascending"), ("x", "ascending")]
ABOVE7 = [5.5, 6.5, 5.5, 6.5, 5.5, 6.5, 5.5]
BELOW7 = [4.5, 3.5, 4.5, 3.5, 4.5, 3.5, 4.5]
BASE10 = [10.0, 11, 10, 9, 10, 11, 10, 9, 10]


def _plain(table: pa.Table) -> pa.Table:
    for i, f in enumerate(table.schema):
        if pa.types.is_dictionary(f.type):
            table = table.set_column(i, f.name, table.column(i).cast(pa.string()))
    return table


def assert_same(
    spark_points: Any, spark_summary: Any, points: Any, options: Any, **kw: Any
) -> None:
    """Spark's tables equal the local engine's, row for row and float for float."""
    local = local_analyse(points, options, **kw)
    got = spark_points.toArrow().sort_by(KEY)
    want = _plain(local.points).sort_by(KEY)
    assert want.num_rows > 0
    assert got.column_names == want.column_names
    for name in want.column_names:
        assert got.column(name).to_pylist() == want.column(name).to_pylist(), name
    got_s = spark_summary.toArrow().sort_by([("series_id", "ascending")])
    want_s = _plain(local.summary).sort_by([("series_id", "ascending")])
    assert got_s.column_names == want_s.column_names
    for name in want_s.column_names:
        assert got_s.column(name).to_pylist() == want_s.column(name).to_pylist(), name


def frames(spark: Any, points: dict[str, Any], options: dict[str, Any] | None) -> tuple[Any, Any]:
    p = spark.createDataFrame(pa.table({k: pa.array(np.asarray(v)) for k, v in points.items()}))
    o = None if options is None else spark.createDataFrame(pa.table(options))
    return p, o


def _fixture_batch() -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The hand-worked XmR cases side by side, one series each."""
    cases = {
        "shift7": (ABOVE7 + BELOW7, {}),
        "shift6": (ABOVE7[:6] + BELOW7[:6], {}),
        "trend": ([10, 1, 2, 3, 4, 5, 6, 7, 0], {}),
        "tie": ([10, 1, 2, 3, 3, 4, 5, 6, 7, 0], {}),
        "peak": ([0, 10, 0, 10, 0, 10, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1], {"fix": 6}),
        "astro": ([*BASE10, 20.0, 10], {"direction": "decrease", "target": 12.0}),
        "rebased": ([*BASE10, *(v + 5 for v in BASE10)], {"rebase": [9]}),
        "missing": ([1.0, None, 3, 2, None, 4, 5, 1], {"screen": False}),
        "one": ([3.0], {}),
        "flat": ([2.0] * 8, {"direction": "neutral"}),
    }
    ids, xs, ys = [], [], []
    opts: dict[str, list[Any]] = {
        "series_id": [],
        "improvement_direction": [],
        "target": [],
        "rebase": [],
        "fix_after_n_points": [],
        "screen_outliers": [],
    }
    for sid, (values, o) in cases.items():
        ids += [sid] * len(values)
        xs += list(range(len(values)))
        ys += [np.nan if v is None else float(v) for v in values]
        opts["series_id"].append(sid)
        opts["improvement_direction"].append(o.get("direction", "increase"))
        opts["target"].append(o.get("target"))
        opts["rebase"].append(o.get("rebase"))
        opts["fix_after_n_points"].append(o.get("fix"))
        opts["screen_outliers"].append(o.get("screen", True))
    return {"series_id": np.array(ids), "x": np.array(xs), "y": np.array(ys)}, opts


def test_hand_worked_fixtures_match_the_local_engine(spark: Any) -> None:
    points, opts = _fixture_batch()
    p, o = frames(spark, points, opts)
    from qls.spc.spark import analyse

    points_df, summary_df = analyse(p, o)
    assert_same(points_df, summary_df, points, opts)
    types = {r["point_type"] for r in points_df.select("point_type").collect()}
    assert {"common_cause", "special_cause_improvement", "special_cause_concern"} <= types


@pytest.mark.parametrize("chart", ["xmr", "run", "p", "pp", "u", "up", "c", "g", "t"])
def test_every_chart_matches_the_local_engine(spark: Any, chart: str) -> None:
    from qls.spc.spark import analyse

    rng = np.random.default_rng(7)
    points, opts = random_batch(rng, 25, grid=chart != "xmr", shuffle=True)
    y = np.abs(np.nan_to_num(points.pop("y"), nan=1.0)) + (chart == "t")
    if chart in ("p", "pp", "u", "up"):
        den = rng.integers(20, 60, len(y)).astype(float)
        points["numerator"] = np.minimum(np.round(y), den)
        points["denominator"] = den
    else:
        points["y"] = np.round(y) if chart in ("c", "g") else y
    p, o = frames(spark, points, opts)
    points_df, summary_df = analyse(p, o, chart=chart)
    assert_same(points_df, summary_df, points, opts, chart=chart)


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), grid=st.booleans(), n_series=st.integers(1, 40))
def test_random_batches_match_the_local_engine(
    spark: Any, seed: int, grid: bool, n_series: int
) -> None:
    from qls.spc.spark import analyse

    points, opts = random_batch(np.random.default_rng(seed), n_series, grid=grid, shuffle=True)
    p, o = frames(spark, points, opts)
    points_df, summary_df = analyse(p, o, partitions=4)
    assert_same(points_df, summary_df, points, opts)


def test_series_split_unevenly_across_files(spark: Any, tmp_path: Path) -> None:
    """Parquet files each holding parts of many series, dates as x, read as one folder."""
    from qls.spc.spark import analyse

    points, opts = random_batch(np.random.default_rng(11), 40, grid=False, shuffle=True)
    start = dt.date(2020, 1, 1)
    points["x"] = np.array([start + dt.timedelta(days=int(v)) for v in points["x"]])
    opts["rebase"] = [
        None if r is None else [start + dt.timedelta(days=int(v)) for v in r]
        for r in opts["rebase"]
    ]
    table = pa.table({k: pa.array(v) for k, v in points.items()})
    cuts = [0, 7, 300, 301, 900, table.num_rows]
    for i, (a, b) in enumerate(itertools.pairwise(cuts)):
        pq.write_table(table.slice(a, b - a), tmp_path / f"part-{i}.parquet")
    p = spark.read.parquet(str(tmp_path))
    o = spark.createDataFrame(pa.table(opts))
    points_df, summary_df = analyse(p, o, partitions=5)
    assert points_df.rdd.getNumPartitions() == 5
    assert_same(points_df, summary_df, points, opts)


def test_a_series_is_never_split_between_engine_calls() -> None:
    """Tiny batches and a tiny chunk: every series still reaches the engine whole."""
    ids = np.repeat(np.array(["a", "b", "c", "d"]), [3, 17, 1, 9])
    x = np.concatenate([np.arange(n) for n in (3, 17, 1, 9)])
    y = np.sin(np.arange(len(ids)) * 1.7) * 10
    table = pa.table({"series_id": ids, "x": x, "y": y})
    batches = table.to_batches(max_chunksize=2)
    ps, ss = output_schemas("xmr", pa.string(), pa.int64())
    common: dict[str, Any] = {
        "chart": "xmr",
        "rules": None,
        "value_columns": ["y"],
        "chunk_rows": 4,
    }
    summaries = pa.Table.from_batches(
        list(run_partition(iter(batches), schema=ss, what="summary", **common))
    )
    assert summaries.column("series_id").to_pylist() == ["a", "b", "c", "d"]
    assert summaries.column("n_points").to_pylist() == [3, 17, 1, 9]
    got = pa.Table.from_batches(list(run_partition(iter(batches), schema=ps, **common)))
    assert got.to_pylist() == _plain(local_analyse(table).points).to_pylist()


def _error(spark: Any, points: dict[str, Any], opts: Any = None, chart: str = "xmr") -> str:
    from qls.spc.spark import analyse, input_error

    p, o = frames(spark, points, opts)
    points_df, _ = analyse(p, o, chart=chart)
    with pytest.raises(Exception) as caught:  # noqa: PT011  (Spark's own error class)
        points_df.count()
    found = input_error(caught.value)
    assert found is not None, str(caught.value)[-500:]
    return str(found)


def test_missing_column_is_refused_before_any_work(spark: Any) -> None:
    from qls.spc.spark import analyse

    p, _ = frames(spark, {"series_id": np.array(["a"]), "x": np.array([1])}, None)
    with pytest.raises(SpcInputError, match="missing column"):
        analyse(p)


def test_bad_input_names_the_series_with_the_engine_message(spark: Any) -> None:
    ids = np.array(["ok", "ok", "ok", "Ward 7", "Ward 7", "Ward 7"])
    pts = {"series_id": ids, "x": np.array([1, 2, 3, 1, 2, 2]), "y": np.arange(6.0)}
    assert "x repeats within series 'Ward 7'" in _error(spark, pts)

    pts["x"] = np.array([1, 2, 3, 1, 2, 3])
    opts = {"series_id": ["Ward 7"], "rebase": [[9]]}
    assert "rebase x is not an x of series 'Ward 7'" in _error(spark, pts, opts)

    opts = {"series_id": ["Ward 7"], "improvement_direction": ["upwards"]}
    message = _error(spark, pts, opts)
    assert "series 'Ward 7'" in message
    assert "unknown improvement_direction 'upwards'" in message

    ratio = {
        "series_id": ids,
        "x": pts["x"],
        "numerator": np.ones(6),
        "denominator": np.array([5.0, 5, 5, 5, 0, 5]),
    }
    message = _error(spark, ratio, chart="p")
    assert "series 'Ward 7': denominator must be above 0" in message
