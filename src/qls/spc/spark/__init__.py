"""qls.spc on Spark: the same engine, run where a region's or the NHS's data lives.

``analyse`` takes and returns Spark DataFrames with the columns of
:func:`qls.spc.analyse`. The rows are hashed to partitions by series_id and
sorted within each partition, and each Spark task hands whole chunks of
many series to the vectorised engine as Arrow batches (``mapInArrow``):
no Python call per series, nothing collected to the driver, and no series
split between two engine calls. The numbers are the local engine's own.

Input errors are the local engine's, with the series named instead of a
row number. Spark is lazy, so they are raised when the result is first
computed (written, counted or collected); :func:`input_error` turns the
exception Spark raises into the engine's :class:`~qls.spc.SpcInputError`.

>>> from qls.spc.spark import analyse  # doctest: +SKIP
>>> points_df, summary_df = analyse(spark.read.parquet("points"), chart="xmr")  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .._engine import CHARTS, RULE_SETS
from ..attribute import RATIO_CHARTS
from ..errors import SpcInputError, SpcOptionError
from ._partition import KIND, OPTION_NAMES, POINTS, SUMMARY, output_schemas, run_partition

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["analyse", "input_error"]

_ERROR = re.compile(r"SpcInputError: (?:column '([^']*)': )?(.+)")


def _arrow_type(spark_type: Any) -> pa.DataType:
    from pyspark.sql.pandas.types import to_arrow_type

    return to_arrow_type(spark_type)


def _spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def analyse(
    points: DataFrame,
    options: DataFrame | None = None,
    chart: str = "xmr",
    *,
    rules: str | None = None,
    partitions: int | None = None,
    keep: Sequence[str] = (),
    persist: bool = False,
) -> tuple[DataFrame, DataFrame]:
    """Analyse every series of a Spark DataFrame; returns (points_df, summary_df).

    The columns are those of :func:`qls.spc.analyse`. Within each Spark
    partition rows are ordered by series_id then x; ``orderBy("series_id",
    "x")`` gives a total order. ``partitions`` defaults to
    ``spark.sql.shuffle.partitions``. ``keep`` columns of ``points`` ride
    along with the points unchanged. With ``persist`` the shuffled input is
    kept (memory, then disk) so that computing both tables reads and
    shuffles it once; ``spark.catalog.clearCache()`` or the session's end
    releases it.

    Each table is its own Spark job over the same chunks of whole series,
    so the engine runs once per table written: far cheaper than one job
    whose rows carry both tables' columns, half of them empty.
    """
    from pyspark.sql import functions as F
    from pyspark.storagelevel import StorageLevel

    chart = str(chart).lower()
    if chart not in CHARTS:
        raise SpcOptionError(f"unknown chart {chart!r}; use one of {', '.join(CHARTS)}")
    if rules is not None and str(rules).lower() not in RULE_SETS:
        raise SpcOptionError(f"unknown rule set {rules!r}; use mdc or anhoej")
    rules = None if rules is None else str(rules).lower()
    value_columns = ["numerator", "denominator"] if chart in RATIO_CHARTS else ["y"]
    needed = ["series_id", "x", *value_columns]
    absent = [c for c in needed if c not in points.columns]
    if absent:
        raise SpcInputError(f"missing column(s): {', '.join(absent)}", column=absent[0])
    fields = {f.name: f.dataType for f in points.schema.fields}
    id_type = _arrow_type(fields["series_id"])
    x_type = _arrow_type(fields["x"])
    if not (pa.types.is_integer(x_type) or pa.types.is_date(x_type)):
        raise SpcInputError(
            f"x must be integers or dates, not {fields['x'].simpleString()}", column="x"
        )
    keep_fields = [(k, _arrow_type(fields[k])) for k in keep]
    frame = points.select(*needed, *keep).withColumn(KIND, F.lit(1).cast("byte"))
    if options is not None:
        if "series_id" not in options.columns:
            raise SpcInputError(
                "options need a series_id column", column="series_id", table="options"
            )
        chosen = [n for n in OPTION_NAMES if n in options.columns]
        opts = options.select(
            F.col("series_id").cast(fields["series_id"]).alias("series_id"), *chosen
        ).withColumn(KIND, F.lit(0).cast("byte"))
        frame = frame.unionByName(opts, allowMissingColumns=True)
    n = partitions or int(frame.sparkSession.conf.get("spark.sql.shuffle.partitions") or 200)
    frame = frame.repartition(n, "series_id").sortWithinPartitions("series_id", KIND, "x")
    if persist:
        frame = frame.persist(StorageLevel.MEMORY_AND_DISK)

    points_schema, summary_schema = output_schemas(chart, id_type, x_type, keep_fields)

    def run(schema: pa.Schema, what: str) -> DataFrame:
        def task(batches: Any) -> Any:
            return run_partition(
                batches,
                chart=chart,
                rules=rules,
                value_columns=value_columns,
                schema=schema,
                what=what,
                keep=list(keep) if what == POINTS else [],
            )

        return frame.mapInArrow(task, _spark_schema(schema))

    return run(points_schema, POINTS), run(summary_schema, SUMMARY)


def input_error(exc: BaseException) -> SpcInputError | None:
    """The engine's input error inside an exception Spark raised, or None.

    Spark reports a failure in a Python task as a ``PythonException`` whose
    text ends with the worker's traceback; its last ``SpcInputError`` line
    is the engine's message, naming the series.
    """
    if isinstance(exc, SpcInputError):
        return exc
    found = _ERROR.findall(str(exc))
    if not found:
        return None
    column, message = found[-1]
    return SpcInputError(message.strip(), column=column or None)
