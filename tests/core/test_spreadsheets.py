"""The shared XLSX reader refuses workbooks that expand beyond the limits,
before reading their cells and without the memory they would take."""

from __future__ import annotations

import tracemalloc

import pytest

from qls.core.spreadsheets import Limits, SpreadsheetRefused, iter_rows
from tests.core.xlsx_bombs import (
    HEADER_ROW,
    full_size_sheet,
    shared_strings_bomb,
    with_sheet,
    workbook,
)

MB = 1024 * 1024
# Reading a refused bomb must stay far below what it would expand to.
MEMORY_BUDGET = 50 * MB


def read_all(data: bytes, limits: Limits | None = None) -> list:
    return list(iter_rows(data, limits=limits))


def refusal_and_peak(data: bytes) -> tuple[str, int]:
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetRefused) as caught:
            read_all(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return caught.value.message, peak


def test_a_normal_workbook_is_read_row_by_row():
    data = workbook([["metric", "value"], [None, None], ["falls", 3]])
    assert read_all(data) == [(1, ("metric", "value")), (3, ("falls", 3))]


def test_shared_text_that_unpacks_to_200_mb_is_refused_within_50_mb():
    bomb = shared_strings_bomb(expanded_mb=200)
    assert len(bomb) < 1 * MB  # small on the wire: the bomb is in the unpacking
    message, peak = refusal_and_peak(bomb)
    assert message.startswith("The workbook's shared text unpacks to 199.4 MB")
    assert "over the limit of 20.0 MB for one part of a workbook" in message
    assert peak < MEMORY_BUDGET, f"peak {peak / MB:.1f} MB"


def test_a_workbook_unpacking_beyond_the_total_limit_is_refused(settings):
    settings.QLS_XLSX_MAX_EXPANDED_MB = 50
    settings.QLS_XLSX_MAX_PART_MB = 500
    message, peak = refusal_and_peak(shared_strings_bomb(expanded_mb=60))
    assert message.startswith("The workbook unpacks to 59.")
    assert "over the limit of 50.0 MB for an unpacked workbook" in message
    assert peak < MEMORY_BUDGET


def test_a_sheet_declaring_every_row_and_column_is_refused_before_reading(settings):
    data = full_size_sheet()
    assert len(data) < 10_000
    message, peak = refusal_and_peak(data)
    assert "first sheet has 1,048,576 rows, over the limit of 1,000,000 rows" in message
    assert peak < MEMORY_BUDGET


def test_a_sheet_declaring_too_many_columns_is_refused():
    with pytest.raises(SpreadsheetRefused, match="16,384 columns, over the limit of 500 columns"):
        read_all(with_sheet("A1:XFD10"))


def test_an_undeclared_far_column_is_refused_while_streaming():
    far = '<row r="2"><c r="XFD2"><v>1</v></c></row>'
    with pytest.raises(SpreadsheetRefused, match="16,384 columns"):
        read_all(with_sheet(None, HEADER_ROW + far))


def test_an_undeclared_far_row_is_refused_while_streaming():
    far = '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    limits = Limits(expanded_bytes=10 * MB, part_bytes=10 * MB, rows=1000, columns=10)
    with pytest.raises(SpreadsheetRefused, match="1,001 rows, over the limit of 1,000 rows"):
        read_all(with_sheet(None, HEADER_ROW + far), limits)


def test_a_wrong_declared_size_within_the_limits_does_not_pad_rows():
    # Declares 100 columns but holds four: rows come back as long as their cells.
    rows = read_all(with_sheet("A1:CV50"))
    assert rows == [(1, ("metric", "org_unit", "period", "value"))]


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04 broken", workbook([["x"]])[:300]])
def test_a_file_that_is_not_a_workbook_is_refused_plainly(data):
    with pytest.raises(SpreadsheetRefused, match="not a readable XLSX workbook"):
        read_all(data)
