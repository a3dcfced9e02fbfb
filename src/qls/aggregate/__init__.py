"""Record-level extracts to SPC points, on DuckDB (one machine) or Spark (a cluster).

The same SQL, written once in :mod:`qls.aggregate.sql`, runs on either
engine, with the rules of the measurement importer and the metric
definitions QLS exports, so a national analyst's Spark job and a trust's
import give the same points. No Django: this runs where the data is.

>>> from qls.aggregate import aggregate_duckdb  # doctest: +SKIP
>>> points = aggregate_duckdb(["admissions.parquet"], definitions)  # doctest: +SKIP
"""

from __future__ import annotations

from .definitions import DefinitionError, RecordDefinition, load
from .engines import AggregateError, aggregate_duckdb, aggregate_spark

__all__ = [
    "AggregateError",
    "DefinitionError",
    "RecordDefinition",
    "aggregate_duckdb",
    "aggregate_spark",
    "load",
]
