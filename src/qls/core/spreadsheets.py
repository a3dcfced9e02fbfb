"""Reading the first sheet of an uploaded XLSX workbook safely, for every importer.

An XLSX file is a zip of XML, so a small upload can expand enormously: a
200 KB file whose shared strings unpack to 200 MB, or a 5 KB sheet that
declares all 1,048,576 rows by 16,384 columns and is then padded cell by
cell. Both are refused here before any cell is read:

1. the zip's table of contents is checked first: the sum of the unpacked
   sizes of its parts, and the size of every part that is read whole (the
   shared strings, styles, the workbook; only worksheets are streamed).
   Python's zipfile stops at a part's declared size and fails its checksum
   if the part holds more, so a part cannot lie its way past these limits;
2. the sheet's declared dimension (its first few bytes) is checked against
   the row and column limits;
3. the sheet is then streamed (openpyxl read-only mode, never the whole
   sheet in memory) with the same limits counted as rows arrive, since the
   declared dimension is optional and may be wrong.

Each importer turns :class:`SpreadsheetRefused` into its own error; the
message names the limit, so a person knows what to change.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from django.conf import settings

MB = 1024 * 1024
_CONTENT_TYPES = "[Content_Types].xml"
_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_MACRO_SHEET_TYPE = "application/vnd.ms-excel.worksheet"
# The parts openpyxl never opens in read-only mode (pictures, charts, printer
# settings) count towards the expanded total but are never held in memory.
_NOT_READ = ("xl/media/", "xl/drawings/", "xl/charts/", "xl/printerSettings/", "docProps/")


class SpreadsheetRefused(Exception):
    """The workbook is over a limit, or is not a readable workbook at all."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Limits:
    """How far a workbook may expand; defaults come from settings (see docs/deployment.md)."""

    expanded_bytes: int
    part_bytes: int
    rows: int
    columns: int

    @classmethod
    def from_settings(cls, *, rows: int | None = None) -> Limits:
        """The configured limits; an importer may lower the row limit for its own data."""
        configured = settings.QLS_XLSX_MAX_ROWS
        return cls(
            expanded_bytes=settings.QLS_XLSX_MAX_EXPANDED_MB * MB,
            part_bytes=settings.QLS_XLSX_MAX_PART_MB * MB,
            rows=min(rows, configured) if rows else configured,
            columns=settings.QLS_XLSX_MAX_COLUMNS,
        )


NOT_A_WORKBOOK = (
    "The file is not a readable XLSX workbook. Open it in Excel and save it as "
    "'Excel Workbook (.xlsx)', or save it as 'CSV UTF-8' and upload that."
)


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack beyond the limits, reading only the zip index."""
    members = archive.infolist()
    expanded = sum(member.file_size for member in members)
    if expanded > limits.expanded_bytes:
        raise SpreadsheetRefused(
            f"The workbook unpacks to {_mb(expanded)}, over the limit of "
            f"{_mb(limits.expanded_bytes)} for an unpacked workbook. Save the data as "
            "'CSV UTF-8', or split it into smaller workbooks."
        )
    sheets = _worksheet_parts(archive, limits)
    for member in members:
        name = member.filename
        if name in sheets or name.startswith(_NOT_READ) or member.is_dir():
            continue
        if member.file_size > limits.part_bytes:
            what = "shared text" if "sharedstrings" in name.lower() else f"part {name}"
            raise SpreadsheetRefused(
                f"The workbook's {what} unpacks to {_mb(member.file_size)}, over the limit of "
                f"{_mb(limits.part_bytes)} for one part of a workbook. Save the data as "
                "'CSV UTF-8', or split it into smaller workbooks."
            )


def _worksheet_parts(archive: zipfile.ZipFile, limits: Limits) -> set[str]:
    """Zip names of the worksheets (streamed, so not bound by the part limit)."""
    try:
        info = archive.getinfo(_CONTENT_TYPES)
    except KeyError:
        raise SpreadsheetRefused(NOT_A_WORKBOOK) from None
    if info.file_size > limits.part_bytes:
        raise SpreadsheetRefused(NOT_A_WORKBOOK)
    try:
        root = ElementTree.fromstring(archive.read(info))
    except (ElementTree.ParseError, zipfile.BadZipFile, ValueError):
        raise SpreadsheetRefused(NOT_A_WORKBOOK) from None
    return {
        (element.get("PartName") or "").lstrip("/")
        for element in root
        if element.get("ContentType") in (_WORKSHEET_TYPE, _MACRO_SHEET_TYPE)
    }


def _too_many(count: int, what: str, limit: int) -> SpreadsheetRefused:
    return SpreadsheetRefused(
        f"The workbook's first sheet has {count:,} {what}, over the limit of {limit:,} {what}. "
        "Delete the unused rows and columns (or copy the data into a new workbook), "
        "or split it into smaller files."
    )


def iter_rows(
    source: Path | bytes | IO[bytes], *, limits: Limits | None = None
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """(sheet row number, cell values) for each row of the first sheet, streamed.

    Rows missing from the sheet are skipped, not yielded as blanks; trailing
    empty cells may be absent, so rows can differ in length. Raises
    :class:`SpreadsheetRefused` before reading any cell when the workbook is
    over a limit, and while reading as soon as a row or column goes over.
    """
    limits = limits or Limits.from_settings()
    if isinstance(source, Path):
        with source.open("rb") as handle:
            yield from _checked_rows(handle, limits)
    elif isinstance(source, bytes):
        yield from _checked_rows(io.BytesIO(source), limits)
    else:
        yield from _checked_rows(source, limits)


def _checked_rows(handle: IO[bytes], limits: Limits) -> Iterator[tuple[int, tuple[object, ...]]]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetRefused(NOT_A_WORKBOOK) from None
    with archive:
        check_archive(archive, limits)
    handle.seek(0)
    yield from _stream(handle, limits)


def _stream(handle: IO[bytes], limits: Limits) -> Iterator[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    # openpyxl raises many kinds of exception for a damaged workbook (zip,
    # XML, key and value errors) and warns about harmless styling; a broken
    # upload is one condition for the person uploading it.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - see the comment above
        raise SpreadsheetRefused(NOT_A_WORKBOOK) from None
    try:
        if not book.worksheets:
            raise SpreadsheetRefused(NOT_A_WORKBOOK)
        sheet = book.worksheets[0]
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
        if declared_rows > limits.rows:
            raise _too_many(declared_rows, "rows", limits.rows)
        if declared_columns > limits.columns:
            raise _too_many(declared_columns, "columns", limits.columns)
        # Without a declared size openpyxl pads nothing: each row is as long
        # as its last cell, and the limits below are counted row by row.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1, min_col=1, values_only=True)
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except Exception:  # noqa: BLE001 - a damaged sheet, as above
                raise SpreadsheetRefused(NOT_A_WORKBOOK) from None
            number += 1
            if number > limits.rows:
                raise _too_many(number, "rows", limits.rows)
            if len(values) > limits.columns:
                raise _too_many(len(values), "columns", limits.columns)
            if values:
                yield number, values
    finally:
        book.close()
