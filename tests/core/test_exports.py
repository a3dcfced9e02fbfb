import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from qls.core.exports import UnknownExportFormat, table_response

ROWS = [["Ward 1", 3, dt.date(2024, 1, 1)], ["Ward 2", None, dt.date(2024, 2, 1)]]


def test_csv_download_has_header_rows_and_a_dated_name():
    response = table_response("Falls by ward", ["Ward", "Falls", "Month"], ROWS, "csv")
    text = response.content.decode("utf-8-sig").splitlines()
    assert text == ["Ward,Falls,Month", "Ward 1,3,2024-01-01", "Ward 2,,2024-02-01"]
    assert 'filename="falls-by-ward-' in response["Content-Disposition"]


def test_xlsx_download_opens_in_excel_with_the_same_cells():
    response = table_response("Falls by ward", ["Ward", "Falls", "Month"], ROWS, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Ward", "Falls", "Month"]
    assert values[1][:2] == ["Ward 1", 3]
    assert values[2][1] is None


def test_unknown_format_is_refused():
    with pytest.raises(UnknownExportFormat):
        table_response("x", ["a"], [], "pdf")
