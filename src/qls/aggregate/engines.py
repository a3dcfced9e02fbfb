"""Run the aggregation on DuckDB (an Arrow table back) or Spark (a DataFrame back)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from .definitions import RecordDefinition
from .sql import OUTPUT, Dialect, aggregate_sql, bad_rows_sql, points_sql, problems_sql

DUCKDB = Dialect("duckdb")
SPARK = Dialect("spark")


class AggregateError(ValueError):
    """The extract cannot be aggregated with a definition (bad rows, a missing column)."""


def _kind(paths: Sequence[str]) -> str:
    names = []
    for path in paths:
        if os.path.isdir(path):
            names += [n for n in os.listdir(path) if not n.startswith(("_", "."))]
        else:
            names.append(path)
    return "csv" if names and all(n.lower().endswith(".csv") for n in names) else "parquet"


def _refuse(d: RecordDefinition, n_bad: int, examples: list[tuple[Any, ...]]) -> AggregateError:
    shown = "; ".join(
        f"date {date!r}, org unit {org!r}: {problem}" for date, org, problem in examples
    )
    rows = "row" if n_bad == 1 else "rows"
    return AggregateError(
        f"metric {d.code!r}: {n_bad:,} {rows} cannot be used, so nothing was aggregated "
        f"(first: {shown})"
    )


def _problem(d: RecordDefinition, exc: Exception) -> AggregateError:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return AggregateError(f"metric {d.code!r}: the definition does not fit the extract: {first}")


def aggregate_duckdb(
    paths: Sequence[str], definitions: Sequence[RecordDefinition], *, threads: int | None = None
) -> pa.Table:
    """Points of every definition from CSV or Parquet files, as one Arrow table."""
    import duckdb

    con = duckdb.connect()
    if threads:
        con.sql(f"SET threads = {int(threads)}")
    files = []
    for path in paths:
        files.append(os.path.join(path, "*") if os.path.isdir(path) else path)
    listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
    if _kind(paths) == "csv":
        source = f"read_csv({listed}, header = true, union_by_name = true)"
    else:
        source = f"read_parquet({listed}, union_by_name = true)"
    con.sql(f"CREATE VIEW qls_records AS SELECT * FROM {source}")
    tables = []
    for d in definitions:
        try:
            con.sql(
                f"CREATE OR REPLACE TEMP TABLE qls_agg AS {aggregate_sql(d, 'qls_records', DUCKDB)}"
            )
        except duckdb.Error as exc:
            raise _problem(d, exc) from None
        row = con.sql(bad_rows_sql("qls_agg")).fetchall()[0]
        n_bad = int(row[0]) if row else 0
        if n_bad:
            examples = con.sql(problems_sql(d, "qls_records", DUCKDB)).fetchall()
            raise _refuse(d, n_bad, examples)
        query = points_sql(d, "qls_agg", DUCKDB) + " ORDER BY series_id, x"
        tables.append(con.sql(query).to_arrow_table())
    con.close()
    return pa.concat_tables(tables) if tables else pa.table({c: [] for c in OUTPUT})


def aggregate_spark(
    spark: Any, paths: Sequence[str], definitions: Sequence[RecordDefinition]
) -> Any:
    """Points of every definition as one Spark DataFrame (nothing collected but counts)."""
    from pyspark.errors import PySparkException

    if _kind(paths) == "csv":
        records = spark.read.option("header", True).option("inferSchema", True).csv(list(paths))
    else:
        records = spark.read.parquet(*paths)
    records.createOrReplaceTempView("qls_records")
    frames = []
    for i, d in enumerate(definitions):
        view = f"qls_agg_{i}"
        try:
            agg = spark.sql(aggregate_sql(d, "qls_records", SPARK)).cache()
            agg.createOrReplaceTempView(view)
            n_bad = int(spark.sql(bad_rows_sql(view)).first()[0])
        except PySparkException as exc:
            raise _problem(d, exc) from None
        if n_bad:
            examples = [
                tuple(r) for r in spark.sql(problems_sql(d, "qls_records", SPARK)).collect()
            ]
            raise _refuse(d, n_bad, examples)
        frames.append(spark.sql(points_sql(d, view, SPARK)))
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out
