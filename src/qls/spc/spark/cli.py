"""``qls spc POINTS --engine spark``: the command line's options, run on Spark.

POINTS are CSV or Parquet files or folders (a folder of ``part-*`` files
as Spark writes them). An ``--out`` or ``--summary`` path ending in
``.csv`` is written as one CSV file in input order, formatted by the local
engine's own writer, so it is byte for byte what ``qls spc`` writes; any
other path is written as a Parquet folder. Input order is the order of the
files by path, then of rows within each file. Nothing is left at a target
path when the run fails.

Exit status 0 on success, 2 on bad input or usage with one line on stderr.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import sys
import tempfile
from typing import Any

from .. import CHARTS, RULE_SETS
from ..attribute import RATIO_CHARTS
from ..errors import SpcError, SpcInputError, one_line

ORDER = ("_qls_file", "_qls_block", "_qls_row")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qls spc --engine spark",
        description="SPC charts for every series, computed on Spark (local mode or a cluster).",
    )
    parser.add_argument(
        "points", nargs="+", metavar="POINTS", help="CSV or Parquet files or folders"
    )
    parser.add_argument("--engine", choices=("spark",), default="spark")
    parser.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    parser.add_argument("--partitions", type=int, default=None, help="Spark partitions")
    parser.add_argument("--options", metavar="OPTIONS", help="CSV or Parquet of per-series options")
    parser.add_argument("--chart", choices=CHARTS, default="xmr")
    parser.add_argument("--rules", choices=RULE_SETS, default=None)
    parser.add_argument(
        "--out", metavar="RESULT", required=True, help=".csv file or Parquet folder"
    )
    parser.add_argument("--summary", metavar="SUMMARY", help=".csv file or Parquet folder")
    parser.add_argument("--svg", metavar="DIR", help=argparse.SUPPRESS)
    return parser


def _files(path: str) -> list[str]:
    if os.path.isdir(path):
        found = sorted(
            p
            for p in glob.glob(os.path.join(path, "**", "*"), recursive=True)
            if os.path.isfile(p) and not os.path.basename(p).startswith(("_", "."))
        )
        return found
    return [path]


def _kind(paths: list[str]) -> str:
    files = [f for p in paths for f in _files(p)]
    if not files:
        raise SpcInputError("no input files found", file=paths[0])
    kinds = {"csv" if f.lower().endswith(".csv") else "parquet" for f in files}
    if len(kinds) > 1:
        raise SpcInputError("mixes CSV and Parquet files; use one kind", file=paths[0])
    return kinds.pop()


def read(spark: Any, paths: list[str], value_columns: list[str] | None) -> Any:
    """Read points (``value_columns`` given) or options (None: every column as text)."""
    kind = _kind(paths)
    if kind == "parquet":
        return spark.read.parquet(*paths)
    reader = spark.read.option("header", True).option("mode", "FAILFAST")
    if value_columns is None:
        return reader.csv(paths)
    from pyspark.sql import types as T

    from ..io.reading import _guess_x_type

    first = _files(paths[0])[0]
    x_type = T.LongType() if str(_guess_x_type(first)) == "int64" else T.DateType()
    header = reader.csv(paths).columns
    absent = [c for c in ("series_id", "x", *value_columns) if c not in header]
    if absent:
        raise SpcInputError(f"missing column(s): {', '.join(absent)}", file=first, line=1)
    fields = [
        T.StructField(
            name,
            T.StringType()
            if name == "series_id"
            else x_type
            if name == "x"
            else T.DoubleType()
            if name in value_columns
            else T.StringType(),
        )
        for name in header
    ]
    return reader.schema(T.StructType(fields)).csv(paths)


def _with_order(frame: Any) -> Any:
    from pyspark.sql import functions as F

    return (
        frame.withColumn(ORDER[0], F.col("_metadata.file_path"))
        .withColumn(ORDER[1], F.col("_metadata.file_block_start"))
        .withColumn(ORDER[2], F.monotonically_increasing_id())
    )


def _write_parquet(frame: Any, target: str, staged: list[tuple[str, str]]) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    tmp = tempfile.mkdtemp(prefix=".qls-spc-", dir=folder)
    staged.append((tmp, target))
    frame.write.mode("overwrite").parquet(tmp)


def _write_csv(frame: Any, target: str, staged: list[tuple[str, str]]) -> None:
    """Sorted by input order in Spark, then formatted part by part by the local writer."""
    import pyarrow.parquet as pq

    from ..io.writing import write_csv

    folder = os.path.dirname(os.path.abspath(target))
    parts = tempfile.mkdtemp(prefix=".qls-spc-", dir=folder)
    fd, tmp = tempfile.mkstemp(prefix=".qls-spc-", suffix=".tmp", dir=folder)
    os.close(fd)
    staged.append((tmp, target))
    try:
        frame.orderBy(*ORDER).write.mode("overwrite").parquet(parts)
        names = [c for c in frame.columns if c not in ORDER]
        files = sorted(glob.glob(os.path.join(parts, "part-*.parquet")))
        piece = tmp + ".part"
        with open(tmp, "wb") as out:
            for i, path in enumerate(files):
                table = pq.read_table(path, columns=names)
                if table.num_rows == 0 and i:
                    continue
                write_csv(table, piece)
                with open(piece, "rb") as f:
                    if i:
                        f.readline()  # the header, written once
                    shutil.copyfileobj(f, out, 1 << 22)
            if not files:  # no rows at all: a header alone
                out.write((",".join(names) + "\n").encode())
        if os.path.exists(piece):
            os.unlink(piece)
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def run(args: argparse.Namespace, spark: Any) -> None:
    from pyspark.sql import functions as F

    from . import analyse

    value_columns = ["numerator", "denominator"] if args.chart in RATIO_CHARTS else ["y"]
    points = read(spark, args.points, value_columns)
    options = read(spark, [args.options], None) if args.options else None
    in_order = any(p is not None and p.lower().endswith(".csv") for p in (args.out, args.summary))
    keep: tuple[str, ...] = ()
    if in_order:
        points = _with_order(points)
        keep = ORDER
    points_df, summary_df = analyse(
        points,
        options,
        args.chart,
        rules=args.rules,
        keep=keep,
        partitions=args.partitions,
        persist=args.summary is not None,
    )
    if in_order and args.summary:
        first = points_df.groupBy("series_id").agg(F.min(F.struct(*ORDER)).alias("_first"))
        summary_df = summary_df.join(first, "series_id").select(
            *summary_df.columns, *(F.col(f"_first.{c}").alias(c) for c in ORDER)
        )
    staged: list[tuple[str, str]] = []
    try:
        for frame, target in ((points_df, args.out), (summary_df, args.summary)):
            if target is None:
                continue
            if target.lower().endswith(".csv"):
                _write_csv(frame, target, staged)
            else:
                _write_parquet(frame.drop(*keep), target, staged)
        for tmp, target in staged:
            if os.path.isdir(target):
                shutil.rmtree(target)
            os.replace(tmp, target)
        staged.clear()
    finally:
        points_df.sparkSession.catalog.clearCache()
        for tmp, _ in staged:
            if os.path.isdir(tmp):
                shutil.rmtree(tmp, ignore_errors=True)
            elif os.path.exists(tmp):
                os.unlink(tmp)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``qls spc --engine spark``; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.svg:
        print(
            "qls spc: --svg draws charts with the local engine; leave out --engine spark",
            file=sys.stderr,
        )
        return 2
    for path in (*args.points, args.options):
        if path is not None and not os.path.exists(path):
            print(f"{path}: no such file or folder", file=sys.stderr)
            return 2
    try:
        from .session import get_session, local_path

        args.points = [local_path(p) for p in args.points]
        for name in ("options", "out", "summary"):
            if getattr(args, name) is not None:
                setattr(args, name, local_path(getattr(args, name)))
        spark = get_session(args.master, "qls spc")
        run(args, spark)
    except SpcInputError as exc:
        print(one_line(exc), file=sys.stderr)
        return 2
    except SpcError as exc:
        print(f"qls spc: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        from pyspark.errors import PySparkException

        if not isinstance(exc, PySparkException):
            raise
        from . import input_error

        # A failed Spark task carries the engine's message, naming the series.
        found = input_error(exc)
        if found is not None:
            print(f"qls spc: {one_line(found)}", file=sys.stderr)
        else:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            print(f"qls spc: {first}", file=sys.stderr)
        return 2
    return 0
