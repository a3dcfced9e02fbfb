"""CSV in and out for the CLI: pyarrow.csv to read, a run-aware writer to write.

Reading: columns are read with their final types in one multi-threaded
pass; only when that fails is the file read again as text to name the line
and the value that could not be parsed.

Writing: Arrow's CSV writer formats every cell (~0.4 µs a cell here), too
slow for 6 million rows x 19 columns. Most output columns are constant over
long runs of rows (a segment's limits, its target, its series id) or take a
handful of values (booleans, point types). So each column is turned into
text once per run or once per distinct value, neighbouring columns of the
same kind are pre-joined, and each row is then a join of about eight
strings. The text is identical to Arrow's own formatting (shortest
round-trip floats, ISO dates, true/false, empty for null).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from ._arrow import array, bools, numbers, string_scalar, strings
from ._inputs import first_unparseable
from .errors import SpcInputError

_INT = re.compile(r"^\s*[-+]?\d+\s*$")
# Separators as Arrow scalars: a bare Python str in a compute call makes
# pyarrow import pandas (seconds of start-up for the CLI).
_EMPTY = string_scalar("")
_COMMA = string_scalar(",")
_NEWLINE = string_scalar("\n")


def _header(path: str) -> list[str]:
    with open(path, "rb") as f:
        first = f.readline()
    if not first.strip():
        raise SpcInputError("the file is empty; it needs a header line", file=path, line=1)
    table = pcsv.read_csv(
        pa.py_buffer(first), read_options=pcsv.ReadOptions(autogenerate_column_names=False)
    )
    return [name.strip() for name in table.column_names]


def _text_table(path: str, columns: Sequence[str]) -> pa.Table:
    return pcsv.read_csv(
        path,
        convert_options=pcsv.ConvertOptions(
            column_types={c: pa.string() for c in columns},
            include_columns=list(columns),
            strings_can_be_null=True,
            null_values=[""],
        ),
    )


def _guess_x_type(path: str) -> pa.DataType:
    """Integers or ISO dates, judged from the first non-empty x in the first block."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    cut = head.rfind(b"\n")
    head = head[: cut + 1] if cut > 0 else head
    table = pcsv.read_csv(
        pa.py_buffer(head),
        convert_options=pcsv.ConvertOptions(
            column_types={"x": pa.string()}, include_columns=["x"], strings_can_be_null=True
        ),
    )
    for value in table.column("x").to_pylist():
        if value:
            return pa.int64() if _INT.match(value) else pa.date32()
    return pa.int64()


def _diagnose(path: str, types: dict[str, pa.DataType]) -> SpcInputError:
    """Re-read as text and name the first value that does not parse."""
    text = _text_table(path, list(types))
    for name, to in types.items():
        arr = text.column(name).combine_chunks()
        try:
            pc.cast(arr, to)
        except pa.ArrowInvalid:
            row = first_unparseable(arr, to)
            what = {"int64": "an integer", "date32[day]": "an ISO date (YYYY-MM-DD)"}.get(
                str(to), "a number"
            )
            return SpcInputError(
                f"cannot read {arr[row].as_py()!r} as {what}",
                column=name,
                row=row,
                file=path,
                line=row + 2,
            )
    return SpcInputError("the file could not be read as CSV", file=path)


def read_points(path: str, value_columns: Sequence[str]) -> pa.Table:
    """Read POINTS.csv: series_id as text, x as integers or dates, values as floats."""
    header = _header(path)
    needed = ["series_id", "x", *value_columns]
    absent = [c for c in needed if c not in header]
    if absent:
        raise SpcInputError(
            f"missing column(s): {', '.join(absent)} (the header has: {', '.join(header)})",
            file=path,
            line=1,
        )
    types: dict[str, pa.DataType] = {"series_id": pa.string(), "x": _guess_x_type(path)}
    types.update({c: pa.float64() for c in value_columns})
    try:
        table = pcsv.read_csv(
            path,
            convert_options=pcsv.ConvertOptions(
                column_types=types,
                include_columns=needed,
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as exc:
        if "CSV parse error" in str(exc):
            raise SpcInputError(str(exc), file=path) from None
        raise _diagnose(path, {k: v for k, v in types.items() if k != "series_id"}) from None
    for name in ("series_id", "x"):
        arr = table.column(name)
        if arr.null_count:
            row = int(np.flatnonzero(bools(arr.is_null()))[0])
            raise SpcInputError(f"{name} is empty", column=name, row=row, file=path, line=row + 2)
    return table


def read_options(path: str) -> pa.Table:
    """Read OPTIONS.csv as text; the engine parses and validates each column."""
    header = _header(path)
    if "series_id" not in header:
        raise SpcInputError("missing column: series_id", file=path, line=1)
    wanted = [
        c
        for c in header
        if c
        in (
            "series_id",
            "improvement_direction",
            "target",
            "rebase",
            "fix_after_n_points",
            "screen_outliers",
        )
    ]
    return _text_table(path, wanted)


# --------------------------------------------------------------------------- writing


@dataclass
class _Piece:
    """Text of one or more neighbouring columns: ``strings`` taken by ``index`` per row."""

    strings: pa.Array  # string array, or the raw column when ``index`` is None
    index: np.ndarray | None  # int32 per row into strings; None = format per chunk
    newline: bool = False  # strings already end with a newline


def _text(arr: pa.Array) -> pa.Array:
    """Arrow's own text for each value, empty for null."""
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    if pa.types.is_null(arr.type):
        return strings([""] * len(arr))
    return pc.fill_null(pc.cast(arr, pa.string()), _EMPTY)


def _codes(arr: pa.Array) -> tuple[np.ndarray, list[str]] | None:
    """Small-domain column as (code per row, text per code), or None."""
    if pa.types.is_boolean(arr.type):
        codes = bools(arr).astype(np.int32)
        words = ["false", "true"]
        if arr.null_count:
            codes[bools(arr.is_null())] = 2
            words.append("")
        return codes, words
    if pa.types.is_dictionary(arr.type) and len(arr.dictionary) < 64:
        idx = arr.indices
        codes = numbers(idx, fill=len(arr.dictionary)).astype(np.int32)
        return codes, [*_text(arr.dictionary).to_pylist(), ""]
    return None


def _run_starts(arr: pa.Array) -> np.ndarray | None:
    """Bool mask of rows where the value differs from the previous row (nulls equal)."""
    n = len(arr)
    if n == 0:
        return np.zeros(0, bool)
    t = arr.type
    if pa.types.is_null(t):
        change = np.zeros(n, bool)
    elif pa.types.is_floating(t) or pa.types.is_integer(t):
        v = numbers(arr)
        change = np.empty(n, bool)
        change[0] = True
        np.not_equal(v[1:], v[:-1], out=change[1:])
        if pa.types.is_floating(t):
            nan = np.isnan(v)
            change[1:] &= ~(nan[1:] & nan[:-1])
    elif pa.types.is_string(t) or pa.types.is_date(t):
        change = np.empty(n, bool)
        change[0] = True
        neq = pc.not_equal(arr.slice(1), arr.slice(0, n - 1))
        nulls = bools(arr.is_null())
        change[1:] = bools(neq, null=True)
        change[1:] &= ~(nulls[1:] & nulls[:-1])
    else:
        return None
    change[0] = True
    return change


def _pieces(table: pa.Table) -> list[_Piece]:
    n = table.num_rows
    kinds: list[tuple[str, Any]] = []
    for name in table.column_names:
        arr = table.column(name).combine_chunks()
        codes = _codes(arr)
        if codes is not None:
            kinds.append(("codes", (codes, arr)))
            continue
        change = _run_starts(arr)
        if change is not None and change.sum() * 8 <= n:
            kinds.append(("runs", (change, arr)))
        else:
            kinds.append(("plain", arr))
    pieces: list[_Piece] = []
    i = 0
    while i < len(kinds):
        kind = kinds[i][0]
        j = i + 1
        while j < len(kinds) and kinds[j][0] == kind and kind != "plain":
            j += 1
        group = [k[1] for k in kinds[i:j]]
        if kind == "plain":
            # Formatted chunk by chunk in the writer threads (the costly part).
            pieces.append(_Piece(group[0], None))
        elif kind == "runs":
            change = np.zeros(n, bool)
            for mask, _col in group:
                change |= mask
            starts = np.flatnonzero(change)
            texts = [_text(col.take(array(starts))) for _mask, col in group]
            joined = pc.binary_join_element_wise(*texts, _COMMA) if len(texts) > 1 else texts[0]
            index = np.cumsum(change, dtype=np.int32)
            index -= 1
            pieces.append(_Piece(joined, index))
        else:
            codes_list = [g[0] for g in group]
            combined = np.zeros(n, np.int32)
            words_list: list[list[str]] = []
            for codes, words in codes_list:
                combined = combined * len(words) + codes
                words_list.append(words)
            texts = [",".join(combo) for combo in product(*words_list)]
            pieces.append(_Piece(strings(texts), combined))
        i = j
    last = pieces[-1] if pieces else None
    if last is not None and last.index is not None:
        # End each line once per distinct text instead of once per row.
        last.strings = pc.binary_join_element_wise(last.strings, _EMPTY, _NEWLINE)
        last.newline = True
    return pieces


def _render(pieces: list[_Piece], start: int, stop: int) -> memoryview:
    parts = []
    for k, piece in enumerate(pieces):
        if piece.index is None:
            text = _text(piece.strings.slice(start, stop - start))
        else:
            text = piece.strings.take(array(piece.index[start:stop]))
        if k == len(pieces) - 1 and not piece.newline:
            text = pc.binary_join_element_wise(text, _EMPTY, _NEWLINE)
        parts.append(text)
    lines = pc.binary_join_element_wise(*parts, _COMMA) if len(parts) > 1 else parts[0]
    lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
    offsets = np.frombuffer(
        lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4
    )
    data = lines.buffers()[2]
    # A view on Arrow's buffer (it keeps the buffer alive): no copy before the write.
    return memoryview(data)[offsets[0] : offsets[-1]] if data is not None else memoryview(b"")


def _chunks(n: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, size):
        yield start, min(n, start + size)


def write_csv(table: pa.Table, path: str, chunk_rows: int = 131_072, threads: int = 2) -> None:
    """Write ``table`` as CSV (plain header, no quotes unless a value needs them).

    Chunks of ~128k rows keep each chunk's text (~25 MB) inside the
    allocator's reused memory: bigger chunks made the kernel fault in fresh
    pages for every chunk (4 s of system time on 6M rows here).
    """
    header = ",".join(table.column_names) + "\n"
    # Only distinct values need checking: ids repeat on every row of a series.
    needs_quotes = any(
        bool(pc.any(pc.match_substring_regex(pc.unique(table.column(c)), r'[,"\n\r]')).as_py())
        for c in table.column_names
        if pa.types.is_string(table.schema.field(c).type)
    )
    with open(path, "wb") as out:
        out.write(header.encode())
        if needs_quotes:
            # Rare: ids with commas or quotes. Arrow's writer quotes them properly.
            pcsv.write_csv(table, out, pcsv.WriteOptions(include_header=False))
            return
        pieces = _pieces(table)
        with ThreadPoolExecutor(max(1, threads)) as pool:
            out.writelines(
                pool.map(lambda se: _render(pieces, *se), _chunks(table.num_rows, chunk_rows))
            )


@contextlib.contextmanager
def atomic_outputs(paths: Sequence[str | None]) -> Iterator[list[str | None]]:
    """Temporary files next to each target, renamed into place only if all succeed."""
    temps: list[str | None] = []
    try:
        for target in paths:
            if target is None:
                temps.append(None)
                continue
            folder = os.path.dirname(os.path.abspath(target))
            fd, tmp = tempfile.mkstemp(prefix=".qls-spc-", suffix=".tmp", dir=folder)
            os.close(fd)
            temps.append(tmp)
        yield temps
        umask = os.umask(0)
        os.umask(umask)
        for target, done in zip(paths, temps, strict=True):
            if target is not None and done is not None:
                os.chmod(done, 0o666 & ~umask)  # mkstemp made it private
                os.replace(done, target)
    finally:
        for left in temps:
            if left is not None and os.path.exists(left):
                os.unlink(left)
