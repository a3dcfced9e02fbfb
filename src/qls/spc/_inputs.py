"""Turn the caller's points and options (Arrow, pandas or dicts of arrays) into arrays.

Everything downstream works on NumPy arrays; this module is the only place
that knows about the accepted container types and column spellings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ._arrow import array, bools, numbers, strings
from .errors import SpcInputError

DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}


def to_table(data: Any, what: str) -> pa.Table:
    """Accept a pyarrow Table, a pandas DataFrame or a mapping of column -> array."""
    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, Mapping):
        cols = {}
        for name, values in data.items():
            if isinstance(values, pa.Array | pa.ChunkedArray):
                cols[str(name)] = values
            elif isinstance(values, np.ndarray) and values.dtype.kind in "biuf":
                cols[str(name)] = array(values)  # zero-copy for numbers
            elif isinstance(values, np.ndarray) and values.dtype != object:
                cols[str(name)] = pa.array(values)  # dates, times, fixed strings
            else:
                # Lists (of rebase x lists, strings, None) go through Arrow's
                # type inference, NumPy scalars first made plain Python.
                items = [v.item() if isinstance(v, np.generic) else v for v in values]
                cols[str(name)] = pa.array(items)
        return pa.table(cols)
    to_arrow = getattr(data, "__arrow_c_stream__", None)
    if hasattr(data, "to_numpy") and hasattr(data, "columns"):
        # pandas DataFrame: Arrow's converter keeps dates as date32 and NaN as null.
        return pa.Table.from_pandas(data, preserve_index=False)
    if to_arrow is not None:
        return pa.table(data)
    raise SpcInputError(f"{what} must be a pyarrow Table, a pandas DataFrame or a dict of arrays")


def column(table: pa.Table, name: str) -> pa.Array:
    """One column as a single contiguous Arrow array."""
    col = table.column(name)
    return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)


def first_null(arr: pa.Array) -> int | None:
    """Row of the first null in ``arr`` (None when there is none)."""
    if arr.null_count == 0:
        return None
    return int(np.flatnonzero(bools(arr.is_null()))[0])


def float_values(arr: pa.Array, name: str) -> np.ndarray:
    """Float64 NumPy view of a numeric column, nulls as NaN (our missing marker)."""
    t = arr.type
    if pa.types.is_floating(t) or pa.types.is_integer(t) or pa.types.is_decimal(t):
        if not pa.types.is_float64(t):
            arr = arr.cast(pa.float64())
        return numbers(arr)
    if pa.types.is_null(t):
        return np.full(len(arr), np.nan)
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        try:
            return float_values(pc.cast(arr, pa.float64()), name)
        except pa.ArrowInvalid:
            bad = first_unparseable(arr, pa.float64())
            raise SpcInputError(
                f"cannot read {arr[bad].as_py()!r} as a number", column=name, row=bad
            ) from None
    raise SpcInputError(f"column must be numeric, not {t}", column=name)


def first_unparseable(arr: pa.Array, to: pa.DataType) -> int:
    """Find the first row Arrow refuses to cast, by bisection (Arrow's own parser decides)."""
    lo, hi = 0, len(arr)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        try:
            pc.cast(arr.slice(lo, mid - lo), to)
            lo = mid
        except pa.ArrowInvalid:
            hi = mid
    return lo


def x_key(arr: pa.Array) -> tuple[np.ndarray, pa.DataType]:
    """An int64 key that orders x exactly (integers, dates, timestamps)."""
    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        try:
            arr = pc.cast(arr, pa.date32())
        except pa.ArrowInvalid:
            bad = first_unparseable(arr, pa.date32())
            raise SpcInputError(
                f"cannot read {arr[bad].as_py()!r} as an ISO date or an integer",
                column="x",
                row=bad,
            ) from None
        t = arr.type
    empty = first_null(arr)
    if empty is not None:
        raise SpcInputError("x is empty", column="x", row=empty)
    if pa.types.is_integer(t):
        key = numbers(arr)
    elif pa.types.is_date32(t):
        key = numbers(arr.cast(pa.int32()))
    elif pa.types.is_date64(t) or pa.types.is_timestamp(t):
        key = numbers(arr.cast(pa.int64()))
    else:
        raise SpcInputError(f"x must be integers or dates, not {t}", column="x")
    return key.astype(np.int64, copy=False), t


def x_values_to_key(values: list[Any], x_type: pa.DataType) -> np.ndarray:
    """Convert rebase x values (Python scalars or ISO strings) to the points' x key."""
    if not values:
        return np.empty(0, np.int64)
    if all(isinstance(v, str) for v in values):
        arr = strings([v.strip() for v in values])
        target = pa.int64() if pa.types.is_integer(x_type) else x_type
        try:
            arr = pc.cast(arr, target)
        except pa.ArrowInvalid:
            bad = first_unparseable(arr, target)
            raise SpcInputError(
                f"rebase value {values[bad]!r} is not an x of this chart", column="rebase"
            ) from None
    else:
        arr = pa.array([v.item() if isinstance(v, np.generic) else v for v in values])
        try:
            arr = arr.cast(x_type)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise SpcInputError(
                f"rebase values {values!r} do not match the type of x ({x_type})", column="rebase"
            ) from None
    return x_key(arr)[0]


@dataclass
class SeriesOptions:
    """Per-series options as arrays aligned with the series codes."""

    direction: np.ndarray  # int8: +1 increase, -1 decrease, 0 neutral
    target: np.ndarray  # float64, NaN when none
    fix_after: np.ndarray  # int64, 0 means "not fixed"
    screen: np.ndarray  # bool
    rebase_series: np.ndarray  # int64 series code of each rebase point
    rebase_x: np.ndarray  # int64 x key of each rebase point
    rebase_row: np.ndarray  # int64 options row of each rebase point (for messages)
    any_target: bool


def default_options(n_series: int) -> SeriesOptions:
    """Options when the caller gives none: increase, no target, no fixing, screening on."""
    empty = np.empty(0, np.int64)
    return SeriesOptions(
        direction=np.ones(n_series, np.int8),
        target=np.full(n_series, np.nan),
        fix_after=np.zeros(n_series, np.int64),
        screen=np.ones(n_series, bool),
        rebase_series=empty,
        rebase_x=empty,
        rebase_row=empty,
        any_target=False,
    )


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    text = str(value).strip()
    return text or None


def read_options(options: Any, series_dictionary: pa.Array, x_type: pa.DataType) -> SeriesOptions:
    """Validate the options table and spread it over the series codes."""
    n_series = len(series_dictionary)
    out = default_options(n_series)
    if options is None:
        return out
    table = to_table(options, "options")
    if table.num_rows == 0:
        return out
    codes = _option_codes(table, series_dictionary)
    names = set(table.column_names)
    if "improvement_direction" in names:
        out.direction[codes] = _directions(column(table, "improvement_direction"))
    if "target" in names:
        target = _option_floats(table, "target")
        out.target[codes] = target
        out.any_target = bool(np.isfinite(target).any())
    if "fix_after_n_points" in names:
        out.fix_after[codes] = _fix_after(table)
    if "screen_outliers" in names:
        out.screen[codes] = _screen(column(table, "screen_outliers"))
    if "rebase" in names:
        _rebases(out, column(table, "rebase"), codes, x_type)
    return out


def _option_codes(table: pa.Table, series_dictionary: pa.Array) -> np.ndarray:
    """Each options row's series code; refuses unknown and repeated series."""
    n_series = len(series_dictionary)
    if "series_id" not in table.column_names:
        raise SpcInputError("options need a series_id column", column="series_id", table="options")
    ids = column(table, "series_id")
    if ids.type != series_dictionary.type:
        try:
            ids = ids.cast(series_dictionary.type)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise SpcInputError(
                f"series_id type {ids.type} does not match the points ({series_dictionary.type})",
                column="series_id",
                table="options",
            ) from None
    codes_arr = pc.index_in(ids, value_set=series_dictionary)
    bad = first_null(codes_arr)
    if bad is not None:
        raise SpcInputError(
            f"series {ids[bad].as_py()!r} has no points",
            column="series_id",
            row=bad,
            table="options",
        )
    codes = numbers(codes_arr).astype(np.int64)
    dup = np.flatnonzero(np.bincount(codes, minlength=n_series) > 1)
    if dup.size:
        row = int(np.flatnonzero(codes == dup[0])[1])
        raise SpcInputError(
            f"series {ids[row].as_py()!r} appears twice",
            column="series_id",
            row=row,
            table="options",
        )
    return codes


def _directions(col: Any) -> np.ndarray:
    values = col.to_pylist()
    direction = np.ones(len(values), np.int8)
    for row, value in enumerate(values):
        text = _as_text(value)
        if text is None:
            continue
        key = text.lower()
        if key not in DIRECTIONS:
            raise SpcInputError(
                f"unknown improvement_direction {text!r} (use increase, decrease or neutral)",
                column="improvement_direction",
                row=row,
                table="options",
            )
        direction[row] = DIRECTIONS[key]
    return direction


def _option_floats(table: pa.Table, name: str) -> np.ndarray:
    try:
        return float_values(column(table, name), name)
    except SpcInputError as exc:
        exc.table = "options"
        raise


def _fix_after(table: pa.Table) -> np.ndarray:
    fix = _option_floats(table, "fix_after_n_points")
    ok = np.isnan(fix) | ((fix >= 1) & (fix == np.round(fix)))
    if not ok.all():
        row = int(np.flatnonzero(~ok)[0])
        raise SpcInputError(
            f"fix_after_n_points must be a whole number of at least 1, not {fix[row]!r}",
            column="fix_after_n_points",
            row=row,
            table="options",
        )
    return np.where(np.isnan(fix), 0, fix).astype(np.int64)


def _screen(col: Any) -> np.ndarray:
    screen = np.ones(len(col), bool)
    if pa.types.is_boolean(col.type):
        vals = bools(col, null=True)
        screen[:] = vals
    else:
        for row, value in enumerate(col.to_pylist()):
            text = _as_text(value)
            if text is None:
                continue
            key = text.lower()
            if key in ("true", "1", "yes"):
                screen[row] = True
            elif key in ("false", "0", "no"):
                screen[row] = False
            else:
                raise SpcInputError(
                    f"screen_outliers must be true or false, not {text!r}",
                    column="screen_outliers",
                    row=row,
                    table="options",
                )
    return screen


def _rebases(out: SeriesOptions, col: Any, codes: np.ndarray, x_type: pa.DataType) -> None:
    """Spread the rebase values (lists, or text split on ";") over the series codes."""
    r_series: list[int] = []
    r_rows: list[int] = []
    r_values: list[Any] = []
    for row, value in enumerate(col.to_pylist()):
        if value is None:
            continue
        if isinstance(value, str):
            items: list[Any] = [v for v in (p.strip() for p in value.split(";")) if v]
        elif isinstance(value, list | tuple | np.ndarray):
            items = [v for v in value if v is not None and _as_text(v) is not None]
        elif isinstance(value, float) and np.isnan(value):
            continue
        else:
            items = [value]
        r_series.extend([int(codes[row])] * len(items))
        r_rows.extend([row] * len(items))
        r_values.extend(items)
    if r_values:
        try:
            keys = x_values_to_key(r_values, x_type)
        except SpcInputError:
            # Find which value failed, one at a time, so the message names its row.
            for i, v in enumerate(r_values):
                try:
                    x_values_to_key([v], x_type)
                except SpcInputError as exc:
                    raise SpcInputError(
                        exc.message, column="rebase", row=r_rows[i], table="options"
                    ) from None
            raise
        out.rebase_series = np.asarray(r_series, np.int64)
        out.rebase_x = keys
        out.rebase_row = np.asarray(r_rows, np.int64)
