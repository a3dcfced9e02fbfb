"""Reading a staff extract: the uploaded bytes to a header and (line, cells) rows.

Knows CSV and XLSX, the size and row limits, and how to explain a file that
cannot be read at all; checking what the cells mean is staff_import's job.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from qls.core import spreadsheets
from qls.core.uploads import UploadRefused, read_limited
from qls.organisation.errors import (
    EmptyFileError,
    FileEncodingError,
    FileTooLargeError,
    MalformedFileError,
    RowError,
    UnsupportedFileTypeError,
)

# Beyond this many rows a file is refused: the largest trust has ~20,000
# staff, and the cap stops a tiny XLSX that expands to millions of rows.
MAX_ROWS = 100_000


def read_upload(file_obj: IO[bytes]) -> bytes:
    """Read the file, refusing it before parsing when it is over the upload limit."""
    try:
        data = read_limited(file_obj, file_name="The file")
    except UploadRefused as error:
        raise FileTooLargeError(f"{error.message} Split it into smaller files.") from None
    if not data:
        raise EmptyFileError("The file is empty.")
    return data


def read_table(data: bytes, filename: str) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """Header line number, header cells, and (line, cells) for each non-blank row."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _read_xlsx(data)
    elif name.endswith((".csv", ".txt")):
        rows = _read_csv(data)
    elif name.endswith(".xls"):
        raise UnsupportedFileTypeError(
            "Old Excel (.xls) files cannot be read. Save it as 'Excel Workbook (.xlsx)' "
            "or 'CSV UTF-8'."
        )
    else:
        raise UnsupportedFileTypeError("The file must be a .csv or .xlsx file.")
    table: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if any(cell for cell in cells):
            table.append((line, cells))
            if len(table) > MAX_ROWS + 1:
                raise MalformedFileError(
                    f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."
                )
    if not table:
        raise EmptyFileError("The file has no header row and no data.")
    header_line, header = table[0]
    return header_line, header, table[1:]


def _read_csv(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileEncodingError(
            f"The file is not UTF-8 text (the first character QLS cannot read is on line "
            f"{line}). In Excel choose File, Save As and the type 'CSV UTF-8 (Comma "
            f"delimited)', then upload that file."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, [cell.strip() for cell in cells]
            start = reader.line_num + 1
    except csv.Error as exc:
        raise MalformedFileError(
            "The file is not valid CSV, so none of it could be read.",
            [RowError(start, _explain_csv_error(exc))],
        ) from None


def _explain_csv_error(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return (
            'has a double quote (") that is never closed; check for an unbalanced quote in that row'
        )
    if "expected after" in text:
        return (
            'has text straight after a closing double quote ("); put the whole value in '
            'quotes and write any quote inside it twice ("")'
        )
    if "NUL" in text:
        return "contains NUL bytes, so this is probably not a CSV file"
    if "field limit" in text:
        return "has a value longer than the CSV field limit (131,072 characters)"
    return f"cannot be read ({text})"


def _read_xlsx(data: bytes) -> Iterator[tuple[int, list[str]]]:
    # The shared reader refuses a workbook that unpacks beyond the limits
    # before reading a cell, and streams the sheet.
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, values in spreadsheets.iter_rows(data):
            if any(v is not None for v in values):
                rows.append((number, [_cell_text(v) for v in values]))
                if len(rows) > MAX_ROWS + 1:
                    break
    except spreadsheets.SpreadsheetRefused as error:
        raise MalformedFileError(error.message) from None
    # A sheet has no "wrong number of fields": empty trailing cells may simply
    # be absent, so every row is padded to the widest one.
    width = max((len(cells) for _, cells in rows), default=0)
    for number, cells in rows:
        yield number, cells + [""] * (width - len(cells))


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores staff numbers typed as numbers as floats: 12345678.0.
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
