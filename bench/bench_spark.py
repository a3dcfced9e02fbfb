"""Benchmark of SPC and aggregation on Spark against the local engines.

Run: .venv/bin/python bench/bench_spark.py [--quick] [--points N] [--records N]

1. XmR on N points (default 20 million: 333,334 series of 60), Parquet to
   Parquet end to end: the local engine (pyarrow + qls.spc in this process)
   and Spark in local[1] and local[2] (read, shuffle, analyse, write
   points and summary). Prints points a second, Spark's time over the
   local engine's, and how Spark scales from one core to two.
2. ``qls aggregate`` on N record-level rows (default 10 million, Parquet):
   DuckDB and Spark side by side.

Prints one table: measurement, figure, target, pass/fail. Exit status 1
when a target is missed. Synthetic data only, made here with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from qls.aggregate import aggregate_duckdb, aggregate_spark, load
from qls.spc import analyse

ROWS: list[tuple[str, str, str, str]] = []
SPARK_OVERHEAD_TARGET = 3.0
DEFINITION = {
    "code": "sepsis-screening",
    "chart_type": "p",
    "frequency": "month",
    "multiplier": 100,
    "strata": ["sex"],
    "record": {
        "date_column": "arrived",
        "org_unit_column": "org",
        "filter": "eligible = 'Y'",
        "numerator": "CASE WHEN screened = 'Y' THEN 1 ELSE 0 END",
        "denominator": "1",
        "strata": {"sex": "sex"},
    },
}


def row(name: str, figure: str, target: str = "", ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("pass" if ok else "MISSED")
    ROWS.append((name, figure, target, verdict))
    print(f"{name:<58} {figure:>22} {target:>16} {verdict}", flush=True)


def timed(fn: Callable[..., Any], *args: Any) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def make_points(folder: Path, n_points: int, per_series: int = 60, files: int = 8) -> None:
    rng = np.random.default_rng(20240601)
    n_series = -(-n_points // per_series)
    ids = np.repeat(np.arange(n_series), per_series)[:n_points]
    x = np.tile(np.arange(per_series), n_series)[:n_points]
    y = rng.normal(50, 5, n_points) + (rng.random(n_points) < 0.01) * 30
    names = pa.array([f"RX{i:07d}" for i in range(n_series)]).take(pa.array(ids))
    table = pa.table({"series_id": names, "x": pa.array(x), "y": pa.array(y)})
    folder.mkdir()
    step = -(-n_points // files)
    for i in range(files):
        pq.write_table(table.slice(i * step, step), folder / f"part-{i:03d}.parquet")


def make_records(folder: Path, n_rows: int, files: int = 8) -> None:
    rng = np.random.default_rng(7)
    start = np.datetime64("2021-04-01")
    arrived = start + rng.integers(0, 1000, n_rows).astype("timedelta64[D]")
    orgs = pa.array([f"R{i:03d}" for i in range(220)]).take(pa.array(rng.integers(0, 220, n_rows)))
    pick = lambda values, p: pa.array(np.array(values)[rng.choice(len(values), n_rows, p=p)])
    table = pa.table(
        {
            "arrived": pa.array(arrived.astype("datetime64[D]")),
            "org": orgs,
            "eligible": pick(["Y", "N"], [0.8, 0.2]),
            "screened": pick(["Y", "N"], [0.7, 0.3]),
            "sex": pick(["F", "M", ""], [0.49, 0.49, 0.02]),
        }
    )
    folder.mkdir()
    step = -(-n_rows // files)
    for i in range(files):
        pq.write_table(table.slice(i * step, step), folder / f"part-{i:03d}.parquet")


def local_engine(src: Path, out: Path) -> None:
    table = pq.read_table(src)
    result = analyse(table)
    pq.write_table(result.points, out / "points.parquet")
    pq.write_table(result.summary, out / "summary.parquet")


def spark_engine(spark: Any, src: Path, out: Path, partitions: int) -> None:
    from qls.spc.spark import analyse

    points, summary = analyse(spark.read.parquet(str(src)), partitions=partitions, persist=True)
    points.write.mode("overwrite").parquet(str(out / "points"))
    summary.write.mode("overwrite").parquet(str(out / "summary"))
    spark.catalog.clearCache()


def session(master: str) -> Any:
    from qls.spc.spark.session import get_session

    cores = int(master[len("local[") : -1])
    return get_session(
        master,
        "qls-bench",
        **{
            "spark.driver.memory": "4g",
            "spark.sql.shuffle.partitions": str(4 * cores),
            "spark.sql.execution.arrow.maxRecordsPerBatch": "100000",
        },
    )


def bench_spc(work: Path, n_points: int) -> None:
    src = work / "points"
    make_points(src, n_points)
    out = work / "out-local"
    out.mkdir()
    local = min(timed(lambda: local_engine(src, out)) for _ in range(2))
    row(
        f"local engine, XmR {n_points:,} points, Parquet to Parquet",
        f"{local:.2f} s ({n_points / local / 1e6:.1f} M/s)",
    )
    spark_times = {}
    for cores in (1, 2):
        spark = session(f"local[{cores}]")
        target = work / f"out-spark-{cores}"
        timed(spark_engine, spark, src, target, 4 * cores)  # warm the JVM and workers
        spark_times[cores] = timed(spark_engine, spark, src, target, 4 * cores)
        spark.stop()
        t = spark_times[cores]
        row(
            f"Spark local[{cores}], same data and outputs",
            f"{t:.2f} s ({n_points / t / 1e6:.2f} M/s)",
        )
    ratio = spark_times[2] / local
    row(
        "Spark local[2] time / local engine time",
        f"{ratio:.1f}x",
        f"<= {SPARK_OVERHEAD_TARGET:.0f}x",
        ratio <= SPARK_OVERHEAD_TARGET,
    )
    row("Spark speed-up from local[1] to local[2]", f"{spark_times[1] / spark_times[2]:.2f}x")
    shutil.rmtree(src)


def bench_aggregate(work: Path, n_rows: int) -> None:
    src = work / "records"
    make_records(src, n_rows)
    defs = work / "definitions.json"
    defs.write_text(json.dumps({"items": [DEFINITION]}))
    definitions = load(defs)
    result: dict[str, Any] = {}
    duck = timed(lambda: result.setdefault("duckdb", aggregate_duckdb([str(src)], definitions)))
    row(
        f"qls aggregate, DuckDB, {n_rows:,} records",
        f"{duck:.2f} s ({n_rows / duck / 1e6:.1f} M/s)",
    )
    spark = session("local[2]")
    timed(lambda: aggregate_spark(spark, [str(src)], definitions).count())
    sp = timed(
        lambda: result.setdefault(
            "spark", aggregate_spark(spark, [str(src)], definitions).toArrow()
        )
    )
    spark.stop()
    row(
        f"qls aggregate, Spark local[2], {n_rows:,} records",
        f"{sp:.2f} s ({n_rows / sp / 1e6:.1f} M/s)",
    )
    key = [("series_id", "ascending"), ("x", "ascending")]
    same = result["duckdb"].sort_by(key).to_pylist() == result["spark"].sort_by(key).to_pylist()
    row("DuckDB and Spark points identical", str(same), "True", same)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="2M points, 1M records")
    parser.add_argument("--points", type=int, default=20_000_000)
    parser.add_argument("--records", type=int, default=10_000_000)
    args = parser.parse_args()
    n_points, n_records = (2_000_000, 1_000_000) if args.quick else (args.points, args.records)
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("unavailable: pyspark is not installed (uv sync installs the dev group)")
        return 1
    with tempfile.TemporaryDirectory(prefix="qls-bench-spark-") as tmp:
        work = Path(tmp)
        bench_spc(work, n_points)
        bench_aggregate(work, n_records)
    return 0 if all(r[3] != "MISSED" for r in ROWS) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT / "src"))
    sys.exit(main())
