"""An edition's files: which formats exist, their names, and the XLSX summary table."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from qls.reports import outputs, workflow
from qls.reports.outputs import xlsx
from tests.factories.reports import reporting_world

pytestmark = pytest.mark.django_db

DECEMBER = dt.date(2025, 12, 1)
TODAY = dt.date(2026, 1, 15)


@pytest.fixture
def edition(personas):
    world = reporting_world(personas)
    return workflow.open_edition(
        report=world.report, period=DECEMBER, by=personas["improvement"], today=TODAY
    )


def test_an_unknown_format_is_refused_by_name():
    with pytest.raises(outputs.UnknownFormat, match=r"“docx”: choose one of pdf, pptx, xlsx"):
        outputs.get_format("docx")


def test_file_names_carry_the_report_the_month_and_a_correction(edition):
    assert outputs.filename(edition, "pdf") == "qsc-2025-12.pdf"
    edition.version = 2
    assert outputs.filename(edition, "xlsx") == "qsc-2025-12-v2.xlsx"


def test_the_summary_workbook_has_a_row_per_metric_in_section_order(edition):
    seen = []
    data = outputs.render(edition, "xlsx", lambda done, total: seen.append((done, total)))
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == xlsx.HEADERS
    body = rows[1:]
    assert len(body) == edition.items.count() == 5
    assert [r[1] for r in body] == [
        "Falls with harm",
        "Pressure ulcers",
        "Medication errors",
        "Discharges before noon",
        "Compliments received",
    ]
    falls = body[0]
    assert falls[10] == "Special cause variation \u2013 concern (high)"
    assert falls[12] == "Exception"
    empty = body[2]
    assert empty[4] == xlsx.NO_DATA
    assert seen == [(1, 1)]


def test_the_workbook_numbers_are_the_frozen_ones(edition):
    sheet = load_workbook(io.BytesIO(outputs.render(edition, "xlsx"))).active
    by_name = {r[1]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    for item in edition.items.exclude(latest_period=None):
        row = by_name[item.metric_name]
        assert row[5] == item.latest_value
        assert row[6] == pytest.approx(item.spc_summary["last_mean"])
        assert row[9] == item.target
