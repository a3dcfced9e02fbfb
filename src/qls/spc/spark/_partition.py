"""What runs inside each Spark task: a stream of Arrow batches in, results out.

Pure pyarrow and :mod:`qls.spc`; no Spark import, so it is tested alone and
costs nothing to ship to the executors.

The stream of a partition is sorted by (series_id, kind, x), kind 0 being
an options row and 1 a point. Rows are gathered until a chunk is large
enough, then cut at the start of its last series: that series is carried
into the next chunk, so a series is never split between two engine calls.
Each call analyses every series of the chunk at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from .. import analyse as local_analyse
from ..errors import SpcInputError

KIND = "_qls_kind"
POINTS = "points"
SUMMARY = "summary"
# Rows per engine call: large enough that the per-call cost vanishes, small
# enough that a task's memory stays a few hundred megabytes.
CHUNK_ROWS = 1 << 20
OPTION_NAMES = (
    "improvement_direction",
    "target",
    "rebase",
    "fix_after_n_points",
    "screen_outliers",
)
DICTIONARY_COLUMNS = ("point_type", "variation_icon", "assurance_icon", "improvement_direction")


def _named(exc: SpcInputError, points: pa.Table, options: pa.Table | None) -> SpcInputError:
    """The engine's message, prefixed with the series it is about.

    Row numbers inside a chunk mean nothing to the caller (the chunk is a
    sorted slice of a partition), so the series id takes their place.
    """
    ids = None
    if exc.row is not None:
        table = options if exc.table == "options" and options is not None else points
        if exc.row < table.num_rows:
            ids = table.column("series_id")[exc.row].as_py()
    message = exc.message
    if ids is not None and f"series {ids!r}" not in message:
        message = f"series {ids!r}: {message}"
    return SpcInputError(message, column=exc.column, table=exc.table)


def _plain(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain strings: Spark has no dictionary type."""
    for name in DICTIONARY_COLUMNS:
        if name in table.column_names:
            i = table.column_names.index(name)
            table = table.set_column(i, name, table.column(name).cast(pa.string()))
    return table


def analyse_chunk(
    chunk: pa.Table,
    chart: str,
    rules: str | None,
    value_columns: Sequence[str],
    keep: Sequence[str] = (),
) -> tuple[pa.Table, pa.Table]:
    """Analyse every series of one chunk (whole series only); points and summary tables.

    ``keep`` columns ride along with the points unchanged (an input-order
    key, say); the engine returns points in the order they came in.
    """
    options = None
    if KIND in chunk.column_names:
        is_option = pc.equal(chunk.column(KIND), 0)
        if pc.any(is_option).as_py():
            names = ["series_id", *(n for n in OPTION_NAMES if n in chunk.column_names)]
            options = chunk.filter(is_option).select(names)
            chunk = chunk.filter(pc.invert(is_option))
    points = chunk.select(["series_id", "x", *value_columns])
    try:
        result = local_analyse(points, options, chart=chart, rules=rules)
    except SpcInputError as exc:
        raise _named(exc, points, options) from None
    out = _plain(result.points)
    for name in keep:
        out = out.append_column(name, chunk.column(name))
    return out, _plain(result.summary)


def _series_cut(held: list[pa.RecordBatch], held_rows: int) -> int:
    """Row of the held rows where their last series begins, or 0 if unknown yet.

    Only the newest batch is searched: if it holds one series that also
    ended the batch before, the cut waits for a later batch, so a long
    series costs no repeated scans.
    """
    last_batch = held[-1]
    ids = last_batch.column(last_batch.schema.get_field_index("series_id"))
    last = ids[len(ids) - 1]
    at = int(pc.index(ids, last).as_py())
    start = held_rows - last_batch.num_rows
    if at > 0:
        return start + at
    if len(held) > 1:
        before = held[-2].column(held[-2].schema.get_field_index("series_id"))
        if before[len(before) - 1] != last:
            return start
    return 0


def run_partition(
    batches: Iterable[pa.RecordBatch],
    *,
    chart: str,
    rules: str | None,
    value_columns: Sequence[str],
    schema: pa.Schema,
    what: str = POINTS,
    keep: Sequence[str] = (),
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[pa.RecordBatch]:
    """Analyse a sorted partition; yields the points (or, with ``what="summary"``,
    the summary rows) as batches of ``schema``."""
    held: list[pa.RecordBatch] = []
    held_rows = 0
    for batch in batches:
        if batch.num_rows == 0:
            continue
        held.append(batch)
        held_rows += batch.num_rows
        if held_rows < chunk_rows:
            continue
        cut = _series_cut(held, held_rows)
        if cut == 0:  # one series fills the chunk: keep gathering it
            continue
        table = pa.Table.from_batches(held)
        yield from _emit(table.slice(0, cut), chart, rules, value_columns, keep, schema, what)
        rest = table.slice(cut)
        held = rest.to_batches()
        held_rows = rest.num_rows
    if held_rows:
        table = pa.Table.from_batches(held)
        yield from _emit(table, chart, rules, value_columns, keep, schema, what)


def _emit(
    chunk: pa.Table,
    chart: str,
    rules: str | None,
    value_columns: Sequence[str],
    keep: Sequence[str],
    schema: pa.Schema,
    what: str,
) -> Iterator[pa.RecordBatch]:
    points, summary = analyse_chunk(chunk.combine_chunks(), chart, rules, value_columns, keep)
    out = points if what == POINTS else summary
    yield from out.select(schema.names).cast(schema).to_batches()


def output_schemas(
    chart: str, id_type: pa.DataType, x_type: pa.DataType, keep: Sequence[tuple[str, Any]] = ()
) -> tuple[pa.Schema, pa.Schema]:
    """Arrow schemas of the points and summary tables for a chart and input types."""
    f64, b, s, i64 = pa.float64(), pa.bool_(), pa.string(), pa.int64()
    points = [
        ("series_id", id_type),
        ("x", x_type),
        ("y", f64),
        ("mean", f64),
        ("lpl", f64),
        ("upl", f64),
        ("special_cause_flag", b),
        ("point_type", s),
        ("lower_one_sigma", f64),
        ("upper_one_sigma", f64),
        ("lower_two_sigma", f64),
        ("upper_two_sigma", f64),
        ("rule_astronomical", b),
        ("rule_trend", b),
        ("rule_two_of_three", b),
        ("rule_shift", b),
        ("segment", pa.int32()),
        ("short_segment", b),
        ("target", f64),
    ]
    if chart == "g":
        points.append(("limits_mean", f64))
    points.extend(keep)
    summary = [
        ("series_id", id_type),
        ("variation_icon", s),
        ("assurance_icon", s),
        ("n_useful", i64),
        ("longest_run", i64),
        ("longest_run_max", i64),
        ("n_crossings", i64),
        ("n_crossings_min", i64),
        ("runs_signal", b),
        ("improvement_direction", s),
        ("target", f64),
        ("n_points", i64),
        ("n_segments", i64),
        ("last_x", x_type),
        ("last_mean", f64),
        ("last_lpl", f64),
        ("last_upl", f64),
        ("repeated_values", b),
    ]
    return pa.schema(points), pa.schema(summary)
