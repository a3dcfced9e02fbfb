"""Workbooks that expand far beyond their size, built in the test (nothing stored).

Each starts from a real workbook openpyxl writes and then swaps in the
part that makes it a bomb, the way a hostile or broken file would.
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rebuild(base: bytes, replace: dict[str, bytes | None], extra: dict[str, object]) -> bytes:
    """``base`` with parts replaced; ``extra`` maps new part names to bytes or a chunk iterator."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info))
            if data is not None:
                target.writestr(info.filename, data)
        for name, content in extra.items():
            with target.open(name, "w") as stream:
                if isinstance(content, bytes):
                    stream.write(content)
                else:
                    for chunk in content:  # streamed, so the bomb is never in memory whole
                        stream.write(chunk)
    return out.getvalue()


def shared_strings_bomb(expanded_mb: int = 200) -> bytes:
    """A workbook of a few hundred KB whose shared text unpacks to ``expanded_mb`` MB."""
    base = workbook([["metric", "org_unit", "period", "value"], ["falls", "W1", "2024-01-01", 3]])
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        types = source.read("[Content_Types].xml").decode()
    types = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHARED_STRINGS_TYPE}"/></Types>',
    )
    item = b"<si><t>" + b"x" * 1000 + b"</t></si>"
    per_chunk = 1024
    chunks = expanded_mb * 1024 * 1024 // (len(item) * per_chunk)

    def parts():
        yield f'<sst xmlns="{MAIN}" count="1" uniqueCount="1">'.encode()
        block = item * per_chunk
        for _ in range(chunks):
            yield block
        yield b"</sst>"

    return _rebuild(
        base, {"[Content_Types].xml": types.encode()}, {"xl/sharedStrings.xml": parts()}
    )


def _sheet_xml(dimension: str | None, cells: str) -> bytes:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<worksheet xmlns="{MAIN}">{declared}<sheetData>{cells}</sheetData></worksheet>'.encode()
    )


HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>metric</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>org_unit</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>period</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>value</t></is></c></row>'
)


def with_sheet(dimension: str | None, cells: str = HEADER_ROW) -> bytes:
    """A workbook whose first sheet is the given XML (declared dimension and rows)."""
    base = workbook([["x"]])
    return _rebuild(base, {"xl/worksheets/sheet1.xml": _sheet_xml(dimension, cells)}, {})


def full_size_sheet() -> bytes:
    """A few KB that declares every row and column Excel allows (A1:XFD1048576), with a
    value in the last cell, so a reader that fills in the missing rows makes a million
    rows of 16,384 cells each."""
    last = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return with_sheet("A1:XFD1048576", HEADER_ROW + last)
