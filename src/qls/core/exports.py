"""Any list or chart's data as a CSV or Excel download.

Views build the rows (plain values: str, int, float, Decimal, date, None)
and hand them here, so every download in QLS has the same shape: a header
row, one row per record, a filename that says what and when.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnknownExportFormat(ValueError):
    """The requested download format is not CSV or XLSX."""


def table_response(
    name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    fmt: str,
    *,
    sheet: str = "Data",
) -> HttpResponse:
    """A download of ``rows`` under ``headers``: ``fmt`` is ``"csv"`` or ``"xlsx"``."""
    stem = f"{slugify(name) or 'qls-export'}-{dt.date.today():%Y-%m-%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(_plain(row) for row in rows)
        # A byte-order mark so Excel opens the UTF-8 file with the right characters.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(_xlsx(headers, rows, sheet), content_type=XLSX_TYPE)
    else:
        raise UnknownExportFormat(f"unknown export format {fmt!r}; use csv or xlsx")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _plain(row: Sequence[Any]) -> list[Any]:
    return ["" if v is None else v for v in row]


def _xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
