"""``qls aggregate RECORDS --definitions DEFS.json [--engine duckdb|spark] --out POINTS``.

Turns record-level extracts (CSV or Parquet files or folders) into the
points ``qls spc`` reads: one row per series and period with series_id, x
(the period's first day), numerator, denominator and y. DuckDB, the
default, runs in this process and needs no Java; Spark runs the same SQL
on a cluster or in local mode. ``--out`` ending in ``.csv`` is one CSV
file; otherwise a Parquet file (DuckDB) or folder (Spark). Nothing is
written when any row is bad. Exit status 0, or 2 with one line on stderr.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile

from .definitions import DefinitionError, load
from .engines import AggregateError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qls aggregate",
        description="Aggregate record-level extracts into SPC points with the metrics' "
        "definitions exported from QLS.",
    )
    parser.add_argument(
        "records", nargs="+", metavar="RECORDS", help="CSV or Parquet files or folders"
    )
    parser.add_argument(
        "--definitions",
        metavar="DEFS.json",
        required=True,
        help="metric definitions as GET /api/metrics?format=json gives them",
    )
    parser.add_argument(
        "--metric",
        action="append",
        metavar="CODE",
        help="only this metric (repeat for more; default: every one with a "
        "record-level definition)",
    )
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--master", default="local[*]", help="Spark master (with --engine spark)")
    parser.add_argument("--out", metavar="POINTS", required=True, help=".parquet or .csv")
    return parser


def _write_duckdb(table: object, target: str) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    assert isinstance(table, pa.Table)
    folder = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".qls-aggregate-", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        if target.lower().endswith(".csv"):
            pcsv.write_csv(table, tmp)
        else:
            pq.write_table(table, tmp)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _write_spark(frame: object, target: str) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    tmp = tempfile.mkdtemp(prefix=".qls-aggregate-", dir=folder)
    try:
        writer = frame.write.mode("overwrite")  # type: ignore[attr-defined]
        if target.lower().endswith(".csv"):
            import glob

            writer = frame.coalesce(1).orderBy("series_id", "x").write.mode("overwrite")  # type: ignore[attr-defined]
            writer.option("header", True).csv(tmp)
            (part,) = glob.glob(os.path.join(tmp, "part-*.csv"))
            os.replace(part, target)
        else:
            writer.parquet(tmp)
            if os.path.isdir(target):
                shutil.rmtree(target)
            os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``qls aggregate``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    for path in args.records:
        if not os.path.exists(path):
            print(f"{path}: no such file or folder", file=sys.stderr)
            return 2
    try:
        definitions = load(args.definitions, args.metric)
        if args.engine == "duckdb":
            from .engines import aggregate_duckdb

            _write_duckdb(aggregate_duckdb(args.records, definitions), args.out)
        else:
            from qls.spc.spark.session import get_session, local_path

            from .engines import aggregate_spark

            spark = get_session(args.master, "qls aggregate")
            records = [local_path(p) for p in args.records]
            _write_spark(aggregate_spark(spark, records, definitions), local_path(args.out))
    except (DefinitionError, AggregateError) as exc:
        print(f"qls aggregate: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{exc.filename or 'qls aggregate'}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0
