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
import csv
import io
import os
import re
import stat
import tempfile
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import product
from typing import Any, BinaryIO

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


# --------------------------------------------------------------------------- writing


@dataclass
class _Piece:
    """Text of one or more neighbouring columns: ``strings`` taken by ``index`` per row."""

    strings: pa.Array  # string array, or the raw column when ``index`` is None
    index: np.ndarray | None  # int32 per row into strings; None = format per chunk
    newline: bool = False  # strings already end with a newline
    runs: bool = False  # index never decreases down the rows (run numbers)
    alone: bool = False  # never merged with its neighbours


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


def _distinct(arr: pa.Array) -> _Piece | None:
    """A number or date column with at most one distinct value in two rows, as a piece.

    Values repeat in most extracts (the same months in every series, counts,
    figures rounded to a decimal or two): formatting each distinct value once
    and gathering the text per row is several times cheaper than formatting
    every row, floats above all. The piece is kept apart from its neighbours
    (see ``_merge_neighbours``): its combinations with them are mostly new.
    """
    t = arr.type
    n = len(arr)
    if not (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_date(t)) or n < 2:
        return None
    encoded = pc.dictionary_encode(arr)
    values = encoded.dictionary
    if len(values) * 2 > n:
        return None
    texts = pa.concat_arrays([_text(values), strings([""])])
    index = numbers(encoded.indices, fill=len(values)).astype(np.int32)
    return _Piece(texts, index, alone=True)


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
            continue
        distinct = _distinct(arr)
        if distinct is not None:
            kinds.append(("distinct", distinct))
        else:
            kinds.append(("plain", arr))
    pieces: list[_Piece] = []
    i = 0
    while i < len(kinds):
        kind = kinds[i][0]
        j = i + 1
        while j < len(kinds) and kinds[j][0] == kind and kind not in ("plain", "distinct"):
            j += 1
        group = [k[1] for k in kinds[i:j]]
        if kind == "plain":
            # Formatted chunk by chunk in the writer threads (the costly part).
            pieces.append(_Piece(group[0], None))
        elif kind == "distinct":
            pieces.append(group[0])
        elif kind == "runs":
            change = np.zeros(n, bool)
            for mask, _col in group:
                change |= mask
            starts = np.flatnonzero(change)
            texts = [_text(col.take(array(starts))) for _mask, col in group]
            joined = pc.binary_join_element_wise(*texts, _COMMA) if len(texts) > 1 else texts[0]
            index = np.cumsum(change, dtype=np.int32)
            index -= 1
            pieces.append(_Piece(joined, index, runs=True))
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
    if n:
        pieces = _merge_neighbours(pieces, n)
    last = pieces[-1] if pieces else None
    if last is not None and last.index is not None:
        # End each line once per distinct text instead of once per row.
        last.strings = pc.binary_join_element_wise(last.strings, _EMPTY, _NEWLINE)
        last.newline = True
    return pieces


def _merge_neighbours(pieces: list[_Piece], n: int) -> list[_Piece]:
    """Merge each stretch of neighbouring indexed pieces into one piece.

    A row's text is a join of its pieces, and each piece costs a gather of
    strings and a part in the join for every row. The indexed pieces between
    two plain columns (a segment's limits, the flags and point type, the
    segment, its target) take only the combinations that actually occur,
    a few per segment, so they are joined once per combination instead.
    """
    merged: list[_Piece] = []
    i = 0
    while i < len(pieces):
        j = i
        while j < len(pieces) and pieces[j].index is not None and not pieces[j].alone:
            j += 1
        if j - i >= 2:
            merged.append(_merged(pieces[i:j], n))
            i = j
        else:
            merged.append(pieces[i])
            i += 1
    return merged


def _compact(key: np.ndarray, size: int, monotone: bool) -> tuple[np.ndarray, int]:
    """Renumber ``key`` (values below ``size``) as 0..k-1 over the values that occur."""
    if monotone:  # run numbers: a new number wherever the key changes
        change = np.empty(len(key), bool)
        change[0] = False
        np.not_equal(key[1:], key[:-1], out=change[1:])
        ids = np.cumsum(change, dtype=np.int64)
        return ids, int(ids[-1]) + 1
    if size <= max(8 * len(key), 1 << 22):
        present = np.zeros(size, bool)
        present[key] = True
        number = np.cumsum(present, dtype=np.int64)
        number -= 1
        return number[key], int(number[-1]) + 1
    uniq, inverse = np.unique(key, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64, copy=False), len(uniq)


def _merged(group: list[_Piece], n: int) -> _Piece:
    """One piece for neighbouring indexed pieces: a text per combination that occurs."""
    # Run numbers never decrease down the rows, so combining them first keeps
    # the key monotone and the renumbering a single pass.
    order = sorted(range(len(group)), key=lambda k: not group[k].runs)
    key = np.zeros(n, np.int64)
    size = 1
    monotone = True
    for k in order:
        piece = group[k]
        assert piece.index is not None
        m = len(piece.strings)
        key *= m
        key += piece.index
        size *= m
        monotone = monotone and piece.runs
        key, size = _compact(key, size, monotone)
    # Any row with a given key has the same text in every piece.
    rep = np.empty(size, np.int64)
    rep[key] = np.arange(n, dtype=np.int64)
    texts = []
    for piece in group:
        assert piece.index is not None
        texts.append(piece.strings.take(array(piece.index[rep])))
    joined = pc.binary_join_element_wise(*texts, _COMMA)
    return _Piece(joined, key.astype(np.int32), runs=monotone)


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


def needs_quotes(table: pa.Table) -> bool:
    """Whether a text column holds a comma, quote or line break somewhere."""
    # Only distinct values need checking: ids repeat on every row of a series.
    return any(
        bool(pc.any(pc.match_substring_regex(pc.unique(table.column(c)), r'[,"\n\r]')).as_py())
        for c in table.column_names
        if pa.types.is_string(table.schema.field(c).type)
    )


def write_csv(
    table: pa.Table,
    path: str | BinaryIO,
    chunk_rows: int = 16_384,
    threads: int = 2,
    header: bool = True,
    plain_text: bool = False,
) -> None:
    """Write ``table`` as CSV (plain header, no quotes unless a value needs them).

    ``path`` may be a file already open for binary writing, to which the
    rows are appended (the command line writes a batch at a time).
    ``plain_text=True`` says the caller has checked that no text value needs
    quotes (``needs_quotes``), which otherwise costs a pass over the text
    columns on every call.
    Chunks of ~16k rows keep each chunk's text (~3 MB) and its intermediate
    columns small enough to stay in the allocator's reused memory and the
    CPU caches: on 600,000 rows this took a third less CPU time and 100 MB
    less peak memory than chunks of 128k rows, for the same bytes.
    """
    if not isinstance(path, str):
        _write_rows(table, path, chunk_rows, threads, header, plain_text)
        return
    with open(path, "wb") as out:
        _write_rows(table, out, chunk_rows, threads, header, plain_text)


def _write_rows(
    table: pa.Table, out: BinaryIO, chunk_rows: int, threads: int, header: bool, plain: bool
) -> None:
    if header:
        out.write((",".join(table.column_names) + "\n").encode())
    if not plain and needs_quotes(table):
        # Rare: ids with commas or quotes. Arrow's writer quotes them properly.
        pcsv.write_csv(table, out, pcsv.WriteOptions(include_header=False))
        return
    pieces = _pieces(table)
    workers = max(1, threads)
    # At most one chunk per thread in flight, plus the one being written:
    # Executor.map would render every chunk ahead of the disk and hold the
    # whole file's text in memory at once.
    with ThreadPoolExecutor(workers) as pool:
        pending: deque[Future[memoryview]] = deque()
        for start, stop in _chunks(table.num_rows, chunk_rows):
            pending.append(pool.submit(_render, pieces, start, stop))
            if len(pending) > workers:
                out.write(pending.popleft().result())
        while pending:
            out.write(pending.popleft().result())


@contextlib.contextmanager
def atomic_outputs(paths: Sequence[str | None]) -> Iterator[list[str | None]]:
    """Temporary files next to each target, renamed into place only if all succeed.

    A target that exists and is not a regular file (``/dev/null``,
    ``/dev/stdout``, a named pipe) is written directly: renaming a file over
    it would replace the device or pipe itself.
    """
    temps: list[str | None] = []
    made: list[str] = []
    try:
        for target in paths:
            if target is None:
                temps.append(None)
                continue
            if _special_file(target):
                temps.append(target)
                continue
            folder = os.path.dirname(os.path.abspath(target))
            fd, tmp = tempfile.mkstemp(prefix=".qls-spc-", suffix=".tmp", dir=folder)
            os.close(fd)
            temps.append(tmp)
            made.append(tmp)
        yield temps
        umask = os.umask(0)
        os.umask(umask)
        for target, done in zip(paths, temps, strict=True):
            if target is not None and done is not None and done in made:
                os.chmod(done, 0o666 & ~umask)  # mkstemp made it private
                os.replace(done, target)
    finally:
        for left in made:
            if os.path.exists(left):
                os.unlink(left)


def _special_file(path: str) -> bool:
    """Whether ``path`` exists and is something other than a regular file (or a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
