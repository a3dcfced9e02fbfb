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

from qls.spc.charts import spec_to_png, spec_to_svg

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A spreadsheet reads a cell starting with one of these as a formula (or, for
# tab and carriage return, strips them and reads what follows). Text from users
# such as a project title "=HYPERLINK(...)" must arrive as text, not as a live
# formula, so it gets a leading single quote as OWASP's CSV-injection advice says.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class UnknownExportFormat(ValueError):
    """The requested download format is not CSV or XLSX."""


def neutralise_formula(value: Any) -> Any:
    """``value`` safe to put in a spreadsheet cell.

    Only text is changed: a string that a spreadsheet would run as a formula
    gets a leading ``'``. Numbers, dates and ``None`` pass through, so a negative
    number stays a number.

    >>> neutralise_formula("=SUM(A1:A9)")
    "'=SUM(A1:A9)"
    >>> neutralise_formula(-3)
    -3
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def formula_problem(column: str, value: Any) -> str | None:
    """Why text for ``column`` is refused at import, or ``None``.

    Imports refuse text a spreadsheet would run as a formula rather than store
    it, so it never reaches a download or another system. The message names
    the column and the first character, not the text itself.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return None
    first = {"\t": "a tab", "\r": "a carriage return"}.get(value[0], f"'{value[0]}'")
    return (
        f"{column} starts with {first}, which a spreadsheet would run as a formula; "
        "remove that character"
    )


def safe_row(values: Iterable[Any]) -> list[Any]:
    """One row of cells with every text cell passed through :func:`neutralise_formula`."""
    return [neutralise_formula(v) for v in values]


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
        writer.writerow(safe_row(headers))
        writer.writerows(safe_row(_plain(row)) for row in rows)
        # A byte-order mark so Excel opens the UTF-8 file with the right characters.
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows, sheet), content_type=XLSX_TYPE)
    else:
        raise UnknownExportFormat(f"unknown export format {fmt!r}; use csv or xlsx")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _plain(row: Sequence[Any]) -> list[Any]:
    return ["" if v is None else v for v in row]


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:31])
    from openpyxl.cell import WriteOnlyCell

    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=neutralise_formula(text))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append(safe_row(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chart_response(name: str, spec: dict[str, Any], fmt: str) -> HttpResponse:
    """A download of a Vega-Lite chart: ``fmt`` is ``"svg"`` or ``"png"``, drawn on the server."""
    stem = f"{slugify(name) or 'chart'}-{dt.date.today():%Y-%m-%d}"
    if fmt == "svg":
        response = HttpResponse(spec_to_svg(spec), content_type="image/svg+xml")
    elif fmt == "png":
        response = HttpResponse(spec_to_png(spec), content_type="image/png")
    else:
        raise UnknownExportFormat(f"unknown chart format {fmt!r}; use svg or png")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
