"""CSV in for the CLI: pyarrow.csv reads the points and options tables.

Columns are read with their final types in one multi-threaded pass; only
when that fails is the file read again as text to name the line and the
value that could not be parsed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from .._arrow import bools
from .._inputs import first_unparseable
from ..errors import SpcInputError

_INT = re.compile(r"^\s*[-+]?\d+\s*$")
# Separators as Arrow scalars: a bare Python str in a compute call makes
# pyarrow import pandas (seconds of start-up for the CLI).


def _header(path: str) -> list[str]:
    """The header's names as written; refused with line 1 if it is not a usable header."""
    with open(path, "rb") as f:
        first = f.readline()
    if not first.strip():
        raise SpcInputError("the file is empty; it needs a header line", file=path, line=1)
    # A lone carriage return ends a line too, as it does for the fast reader.
    first = first.split(b"\r", 1)[0].rstrip(b"\n")
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpcInputError(
            "not UTF-8 text (is this a CSV file?)", column="header", file=path, line=1
        ) from None
    if "\x00" in text:
        raise SpcInputError(
            "a NUL character (is this a CSV file?)", column="header", file=path, line=1
        )
    try:
        names = next(csv.reader([text], strict=True))
    except csv.Error:
        problem = "unclosed quote" if text.count('"') % 2 else "badly quoted name"
        raise SpcInputError(problem, column="header", file=path, line=1) from None
    seen: set[str] = set()
    for i, name in enumerate(names, start=1):
        clean = name.strip()
        if not clean:
            raise SpcInputError(f"column {i} has no name", column="header", file=path, line=1)
        if clean in seen:
            raise SpcInputError(
                "the header names this column twice", column=clean, file=path, line=1
            )
        seen.add(clean)
    return names


def _read_options(names: Sequence[str]) -> pcsv.ReadOptions | None:
    """Names with spaces around them are read as the names without (``y `` is ``y``)."""
    clean = [n.strip() for n in names]
    if clean == list(names):
        return None
    return pcsv.ReadOptions(column_names=clean, skip_rows=1)


def _records(path: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each non-blank record, read slowly with the csv module.

    Only for diagnosis after the fast reader failed: it finds text that is
    not UTF-8 and quotes left open, each with the line a person would count.
    """
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SpcInputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}; is this a CSV file?)",
            file=path,
            line=line,
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SpcInputError("a NUL character (is this a CSV file?)", file=path, line=line)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = "unclosed quote" if "unexpected end of data" in str(exc) else str(exc)
            raise SpcInputError(problem, file=path, line=start) from None
        if fields:
            yield start, fields


def _structure_error(path: str, header: Sequence[str]) -> SpcInputError | None:
    """The first record that is not well-formed CSV with one field per header name."""
    records = _records(path)
    try:
        next(records)  # the header, already checked
        for line, fields in records:
            if len(fields) != len(header):
                return SpcInputError(
                    f"{len(fields)} field{'s' if len(fields) != 1 else ''} where the header has {len(header)}",
                    file=path,
                    line=line,
                )
    except SpcInputError as exc:
        return exc
    return None


def _has_data(path: str) -> bool:
    """Whether any record follows the header (read slowly, for diagnosis only)."""
    try:
        return sum(1 for _ in zip(range(2), _records(path), strict=False)) > 1
    except SpcInputError:
        return True


def line_of_row(path: str, row: int) -> int | None:
    """The 1-based line where data row ``row`` (0-based, blank lines skipped) starts.

    Raises :class:`SpcInputError` for text that is not UTF-8 or a quote left
    open before that row: the fast reader lets a quote run on to the end of
    the file, which shifts every row after it.
    """
    for i, (line, _fields) in enumerate(_records(path)):
        if i == row + 1:
            return line
    return None


def _has_line_break(arr: pa.ChunkedArray | pa.Array) -> bool:
    """Whether any (distinct) text value holds a line break, as only a quote can make."""
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    for chunk in chunks:
        data = chunk.buffers()[2]
        if data is None:
            continue
        # The raw text bytes, searched whole: no per-value work.
        text = data.to_pybytes()
        if b"\n" in text or b"\r" in text:
            return True
    return False


def _text_table(
    path: str, columns: Sequence[str], read_options: pcsv.ReadOptions | None = None
) -> pa.Table:
    return pcsv.read_csv(
        path,
        read_options=read_options,
        convert_options=pcsv.ConvertOptions(
            column_types={c: pa.string() for c in columns},
            include_columns=list(columns),
            strings_can_be_null=True,
            null_values=[""],
        ),
    )


def _guess_x_type(path: str, read_options: pcsv.ReadOptions | None = None) -> pa.DataType:
    """Integers or ISO dates, judged from the first non-empty x in the first block."""
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    cut = head.rfind(b"\n")
    head = head[: cut + 1] if cut > 0 else head
    table = pcsv.read_csv(
        pa.py_buffer(head),
        read_options=read_options,
        convert_options=pcsv.ConvertOptions(
            column_types={"x": pa.string()}, include_columns=["x"], strings_can_be_null=True
        ),
    )
    for value in table.column("x").to_pylist():
        if value:
            return pa.int64() if _INT.match(value) else pa.date32()
    return pa.int64()


def _diagnose(
    path: str, types: dict[str, pa.DataType], read_options: pcsv.ReadOptions | None
) -> SpcInputError:
    """Re-read as text and name the first value that does not parse."""
    text = _text_table(path, list(types), read_options)
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
                line=line_of_row(path, row),
            )
    return SpcInputError("the file could not be read as CSV", file=path)


def _unreadable(
    path: str,
    names: Sequence[str],
    exc: Exception,
    types: dict[str, pa.DataType] | None = None,
    read_options: pcsv.ReadOptions | None = None,
) -> SpcInputError:
    """The fast reader failed: find the first bad line, slowly, and say what is wrong."""
    found = _structure_error(path, names)
    if found is not None:
        return found
    if not _has_data(path):
        return SpcInputError("no data rows after the header", file=path, line=2)
    if types and "CSV parse error" not in str(exc):
        try:
            return _diagnose(path, types, read_options)
        except (pa.ArrowException, UnicodeDecodeError):
            pass
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return SpcInputError(f"cannot be read as CSV ({first})", file=path)


def read_points(path: str, value_columns: Sequence[str]) -> pa.Table:
    """Read POINTS.csv: series_id as text, x as integers or dates, values as floats."""
    names = _header(path)
    header = [n.strip() for n in names]
    needed = ["series_id", "x", *value_columns]
    absent = [c for c in needed if c not in header]
    if absent:
        raise SpcInputError(
            f"missing column(s): {', '.join(absent)} (the header has: {', '.join(header)})",
            file=path,
            line=1,
        )
    read_options = _read_options(names)
    types: dict[str, pa.DataType] = {"series_id": pa.string()}
    try:
        types["x"] = _guess_x_type(path, read_options)
        types.update({c: pa.float64() for c in value_columns})
        table = pcsv.read_csv(
            path,
            read_options=read_options,
            convert_options=pcsv.ConvertOptions(
                column_types=types,
                include_columns=needed,
                null_values=[""],
                strings_can_be_null=True,
            ),
        )
    except (pa.ArrowException, UnicodeDecodeError) as exc:
        values = {k: v for k, v in types.items() if k != "series_id"}
        raise _unreadable(
            path, names, exc, values if "x" in values else None, read_options
        ) from None
    if table.num_rows == 0:
        raise SpcInputError("no data rows after the header", file=path, line=2)
    if _has_line_break(table.column("series_id")):
        # Rare: a quoted id over two lines, or a quote never closed. Check which.
        found = _structure_error(path, names)
        if found is not None:
            raise found
    for name in ("series_id", "x"):
        arr = table.column(name)
        if arr.null_count:
            row = int(np.flatnonzero(bools(arr.is_null()))[0])
            raise SpcInputError(
                f"{name} is empty", column=name, row=row, file=path, line=line_of_row(path, row)
            )
    return table


def read_options(path: str) -> pa.Table:
    """Read OPTIONS.csv as text; the engine parses and validates each column."""
    names = _header(path)
    header = [n.strip() for n in names]
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
    read_opts = _read_options(names)
    try:
        table = _text_table(path, wanted, read_opts)
    except (pa.ArrowException, UnicodeDecodeError) as exc:
        if not _has_data(path):  # a header alone: no options, as with a newline after it
            return pa.table({c: pa.array([], pa.string()) for c in wanted})
        raise _unreadable(path, names, exc) from None
    if any(_has_line_break(table.column(c)) for c in wanted):
        found = _structure_error(path, names)
        if found is not None:
            raise found
    return table
