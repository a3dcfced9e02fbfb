"""A refused import's reasons name the line and the problem, never a cell that could identify someone.

Reasons are kept with the import and its audit history, where every analyst
reads them. A file with "John Smith DOB 01/02/1950" in a code column used to
have that text copied into its reasons. Codes, dates and numbers are still
quoted (the analyst needs them to fix the file); other text is not.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from qls.measurement.importing import import_path
from qls.measurement.importing.privacy import NOT_REPEATED, may_quote, scrub
from qls.measurement.models import ImportStatus, Observation
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db

HEADER = "metric,org_unit,period,value,numerator,denominator,stratum_dimension,stratum_value\n"
PERSON = "John Smith DOB 01/02/1950"


@pytest.fixture
def falls():
    trust_structure()
    return MetricFactory(code="falls", chart_type="c", frequency="week")


def _run(tmp_path, body: str):
    path = tmp_path / "obs.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return import_path(path, kind="aggregated")


def _reasons(imp) -> dict[int, str]:
    return {row["line"]: row["reason"] for row in imp.rejected_rows}


@pytest.mark.parametrize(
    "body",
    [
        f"{PERSON},W1,2024-01-01,3,,,,\n",
        f"falls,{PERSON},2024-01-01,3,,,,\n",
        f"falls,W1,{PERSON},3,,,,\n",
        f"falls,W1,2024-01-01,{PERSON},,,,\n",
        f"falls,W1,2024-01-01,3,,,{PERSON},x\n",
        "falls,Smith-9434765919,2024-01-01,3,,,,\n",
    ],
)
def test_a_refused_row_keeps_its_line_and_problem_but_not_the_text(tmp_path, falls, body):
    imp = _run(tmp_path, "falls,W1,2024-01-08,3,,,,\n" + body)
    assert imp.status == ImportStatus.FAILED
    reasons = _reasons(imp)
    assert list(reasons) == [3]
    stored = " ".join([reasons[3], imp.error, imp.message])
    for fragment in ("John", "Smith", "1950", "9434765919"):
        assert fragment not in stored
    for version in imp.history.all():
        assert "Smith" not in str(version.rejected_rows) + version.error
    assert not Observation.objects.exists()


def test_codes_dates_and_numbers_are_still_named(tmp_path, falls):
    imp = _run(
        tmp_path,
        "falls,W99,2024-01-01,3,,,,\nfalls,W1,2024-02-30,3,,,,\nfalls,W1,2024-01-01,three,,,,\n",
    )
    reasons = _reasons(imp)
    assert "unknown org unit code 'W99'" in reasons[2]
    assert "period '2024-02-30' is not a real date" in reasons[3]
    assert "value 'three' is not a number" in reasons[4]


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        ("BAS-W01", True),
        ("falls_per_1000", True),
        ("31/02/2024", True),
        ("12.5", True),
        ("John Smith", False),
        ("9434765919", False),
        ("943 476 5919", False),
        ("RX1-123456", False),
        ("john.smith@example.nhs.uk", False),
        ("", False),
    ],
)
def test_only_code_shaped_values_may_be_quoted(value, quoted):
    assert may_quote(value) is quoted


def test_reasons_stored_before_are_scrubbed_by_the_migration(falls):
    Import = apps.get_model("measurement", "Import")
    imp = Import.objects.create(
        kind="aggregated",
        file_name="obs.csv",
        status=ImportStatus.FAILED,
        rejected_rows=[
            {
                "line": 4,
                "reason": f"unknown org unit code '{PERSON}'; value 'three' is not a number",
            },
            {"line": 7, "reason": "unknown ward code 'O'Brien'"},
        ],
        error="period '9434765919' is written as ISO but the file's first date is UK",
    )
    migration = importlib.import_module("qls.measurement.migrations.0005_scrub_import_reasons")
    migration.scrub(apps, None)
    imp.refresh_from_db()
    assert imp.rejected_rows == [
        {
            "line": 4,
            "reason": f"unknown org unit code {NOT_REPEATED}; value 'three' is not a number",
        },
        {"line": 7, "reason": f"unknown ward code {NOT_REPEATED}"},
    ]
    assert imp.error == f"period {NOT_REPEATED} is written as ISO but the file's first date is UK"
    for version in imp.history.all():
        assert "Smith" not in str(version.rejected_rows)
        assert "9434765919" not in version.error


def test_scrub_leaves_reasons_without_quoted_text_alone():
    text = "the file's first date is UK; use one date format throughout"
    assert scrub(text) == text
