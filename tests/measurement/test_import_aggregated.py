"""Aggregated observation files: every bad input is refused by line with
nothing written; good files round-trip; re-imports replace periods."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from openpyxl import Workbook

from qls.measurement.importing import import_path
from qls.measurement.models import (
    ChartType,
    Frequency,
    ImportStatus,
    Level,
    Observation,
    Series,
)
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db

HEADER = "metric,org_unit,period,value,numerator,denominator,stratum_dimension,stratum_value\n"


@pytest.fixture
def metrics():
    trust_structure()
    return {
        "falls": MetricFactory(code="falls", chart_type=ChartType.C, frequency=Frequency.WEEK),
        "screening": MetricFactory(
            code="screening",
            chart_type=ChartType.P,
            frequency=Frequency.MONTH,
            multiplier=100,
            strata=["imd_quintile"],
        ),
        "los": MetricFactory(code="los", chart_type=ChartType.XMR, frequency=Frequency.MONTH),
    }


def run(tmp_path, body: str | bytes, name: str = "obs.csv", header: str = HEADER):
    path = tmp_path / name
    if isinstance(body, bytes):
        path.write_bytes(header.encode() + body)
    else:
        path.write_text(header + body, encoding="utf-8")
    return import_path(path, kind="aggregated")


def assert_refused(imp, line: int | None, phrase: str) -> None:
    assert imp.status == ImportStatus.FAILED
    reasons = [(p["line"], p["reason"]) for p in imp.rejected_rows]
    assert any((line is None or l_ == line) and phrase in reason for l_, reason in reasons), (
        reasons or imp.error
    )
    assert not Observation.objects.exists()
    assert not Series.objects.exists()


def test_good_file_saves_every_level_and_stratum(tmp_path, metrics):
    imp = run(
        tmp_path,
        "falls,W1,2024-01-01,3,,,,\n"
        "falls,S1,2024-01-01,5,,,,\n"
        "falls,TRUST,2024-01-08,7,,,,\n"
        "screening,W2,2024-02-01,,45,50,,\n"
        "screening,W2,2024-02-01,,20,25,imd_quintile,1\n"
        "los,S2,01/03/2024,4.5,,,,\n".replace("01/03/2024", "2024-03-01"),
    )
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows or imp.error
    assert (imp.rows_in, imp.rows_out) == (6, 6)
    ward = Observation.objects.get(series__metric__code="screening", series__stratum_value="")
    assert ward.value == pytest.approx(90.0)
    assert (ward.numerator, ward.denominator) == (45, 50)
    assert ward.series.level == Level.WARD
    assert ward.series.site.code == "S1"
    stratum = Series.objects.get(stratum_dimension="imd_quintile")
    assert stratum.stratum_value == "1"
    assert stratum.is_stale
    trust = Series.objects.get(metric__code="falls", level=Level.TRUST)
    assert trust.site is None
    assert trust.ward is None
    assert imp.sha256
    assert imp.file_name == "obs.csv"
    assert (
        metrics["falls"]
        .dataset.__class__.objects.get(pk=metrics["falls"].dataset_id)
        .last_refreshed
    )


@pytest.mark.parametrize(
    ("body", "line", "phrase"),
    [
        (
            "falls,W1,2024-01-01,3,,,,\nfallz,W1,2024-01-08,3,,,,\n",
            3,
            "unknown metric code 'fallz'",
        ),
        ("falls,W99,2024-01-01,3,,,,\n", 2, "unknown org unit code 'W99'"),
        (
            "falls,W1,2024-01-03,3,,,,\n",
            2,
            "2024-01-03 is a Wednesday; weekly periods start on a Monday",
        ),
        ("screening,W1,2024-02-05,,1,2,,\n", 2, "not the first day of a month"),
        ("screening,W1,2024-02-01,,0,0,,\n", 2, "denominator is zero"),
        ("screening,W1,2024-02-01,,7,5,,\n", 2, "denominator (5) is below the numerator (7)"),
        ("screening,W1,2024-02-01,,-1,5,,\n", 2, "numerator is negative"),
        ("falls,W1,2024-01-01,-2,,,,\n", 2, "value is negative"),
        ("falls,W1,2024-01-01,3,,,,\nfalls,W1,2024-01-01,4,,,,\n", 3, "duplicate row: line 3"),
        ("falls,W1,2024-01-01,3,,,,\nfalls,W1,08/01/2024,3,,,,\n", 3, "one date format throughout"),
        ("falls,W1,2024-02-30,3,,,,\n", 2, "is not a real date"),
        ("falls,W1,next week,3,,,,\n", 2, "is not a date"),
        ("falls,W1,2024-01-01,three,,,,\n", 2, "value 'three' is not a number"),
        ("screening,W1,2024-02-01,50,,,,\n", 2, "needs both a numerator and a denominator"),
        ("falls,W1,2024-01-01,3,,,sex,F\n", 2, "is not split by sex"),
        ("screening,W1,2024-02-01,,1,2,postcode,AB1\n", 2, "unknown stratum dimension"),
        ("screening,W1,2024-02-01,,1,2,imd_quintile,\n", 2, "without a stratum_value"),
        (",W1,2024-01-01,3,,,,\n", 2, "metric is empty"),
    ],
)
def test_bad_rows_are_refused_by_line_and_nothing_is_written(tmp_path, metrics, body, line, phrase):
    imp = run(tmp_path, "falls,W2,2024-01-01,1,,,,\n" + body if line > 2 else body)
    if line > 2:
        line += 1
    assert_refused(imp, line, phrase)


def test_every_problem_of_a_row_is_listed_together(tmp_path, metrics):
    imp = run(tmp_path, "nope,W99,2024-01-01,x,,,,\n")
    (problem,) = imp.rejected_rows
    assert problem["line"] == 2
    for phrase in ("unknown metric code", "unknown org unit code", "is not a number"):
        assert phrase in problem["reason"]
    assert imp.rows_rejected == 1
    assert imp.rows_in == 1


def test_non_utf8_bytes_are_refused_by_line(tmp_path, metrics):
    imp = run(
        tmp_path, "falls,W1,2024-01-01,3,,,,\nfalls,Caf\xe9,2024-01-08,3,,,,\n".encode("latin-1")
    )
    assert_refused(imp, 3, "not UTF-8")


def test_a_cut_off_last_line_is_called_truncated(tmp_path, metrics):
    imp = run(tmp_path, "falls,W1,2024-01-01,3,,,,\nfalls,W1,2024-01")
    assert_refused(imp, 3, "truncated")


def test_blank_lines_do_not_shift_line_numbers(tmp_path, metrics):
    imp = run(tmp_path, "falls,W1,2024-01-01,3,,,,\n\n\nfalls,W1,2024-01-03,3,,,,\n")
    assert_refused(imp, 5, "Wednesday")


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("obs.csv", "", "empty"),
        ("obs.csv", "metric,period,value\nfalls,2024-01-01,3\n", "missing the column org_unit"),
        ("obs.csv", HEADER, "no data rows"),
        ("obs.pdf", HEADER + "falls,W1,2024-01-01,3,,,,\n", "must be a .csv, .xlsx or .parquet"),
        ("obs.xlsx", "not a workbook", "not a readable XLSX workbook"),
    ],
)
def test_unreadable_files_are_refused_whole(tmp_path, metrics, name, content, phrase):
    path = tmp_path / name
    path.write_text(content)
    imp = import_path(path, kind="aggregated")
    assert imp.status == ImportStatus.FAILED
    assert phrase in imp.error
    assert not Observation.objects.exists()


def test_reimporting_replaces_the_periods_it_covers_and_keeps_others(tmp_path, metrics):
    first = run(tmp_path, "falls,W1,2024-01-01,3,,,,\nfalls,W1,2024-01-08,4,,,,\n")
    again = run(tmp_path, "falls,W1,2024-01-01,3,,,,\nfalls,W1,2024-01-08,4,,,,\n")
    assert first.status == again.status == ImportStatus.SUCCEEDED
    assert Observation.objects.count() == 2
    assert Series.objects.count() == 1
    changed = run(tmp_path, "falls,W1,2024-01-08,9,,,,\nfalls,W1,2024-01-15,1,,,,\n")
    assert changed.status == ImportStatus.SUCCEEDED
    values = dict(Observation.objects.values_list("period", "value"))
    assert values == {dt.date(2024, 1, 1): 3, dt.date(2024, 1, 8): 9, dt.date(2024, 1, 15): 1}
    assert Observation.objects.get(period=dt.date(2024, 1, 8)).source_import_id == changed.pk
    assert Observation.objects.get(period=dt.date(2024, 1, 1)).source_import_id == again.pk


def test_a_refused_reimport_leaves_earlier_data_untouched(tmp_path, metrics):
    run(tmp_path, "falls,W1,2024-01-01,3,,,,\n")
    bad = run(tmp_path, "falls,W1,2024-01-01,8,,,,\nfalls,W1,2024-01-02,8,,,,\n")
    assert bad.status == ImportStatus.FAILED
    assert list(Observation.objects.values_list("value", flat=True)) == [3]


def test_header_names_are_matched_without_case_and_codes_without_case(tmp_path, metrics):
    imp = run(tmp_path, "FALLS, w1 ,2024-01-01,3\n", header="Metric,Org Unit,Period,Value\n")
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows
    assert Observation.objects.get().series.ward.code == "W1"


def test_uk_dates_are_read_day_first(tmp_path, metrics):
    imp = run(tmp_path, "screening,W1,01/03/2024,,1,2,,\n")
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows
    assert Observation.objects.get().period == dt.date(2024, 3, 1)


def test_xlsx_rows_are_reported_by_sheet_row(tmp_path, metrics):
    book = Workbook()
    sheet = book.active
    sheet.append(["metric", "org_unit", "period", "value"])
    sheet.append(["falls", "W1", dt.datetime(2024, 1, 1), 3])
    sheet.append([])
    sheet.append(["falls", "W1", dt.datetime(2024, 1, 3), 3])
    path = tmp_path / "obs.xlsx"
    book.save(path)
    imp = import_path(path, kind="aggregated")
    assert_refused(imp, 4, "Wednesday")
    sheet.delete_rows(4)
    book.save(path)
    imp = import_path(path, kind="aggregated")
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows
    assert Observation.objects.get().value == 3


def test_parquet_files_are_read_and_rows_numbered(tmp_path, metrics):
    path = tmp_path / "obs.parquet"
    duckdb.sql(
        "SELECT * FROM (VALUES ('falls', 'W1', DATE '2024-01-01', 3.0), "
        "('falls', 'W9', DATE '2024-01-08', 1.0)) t(metric, org_unit, period, value)"
    ).write_parquet(str(path))
    imp = import_path(path, kind="aggregated")
    assert_refused(imp, 2, "unknown org unit code 'W9'")


def test_a_monthly_file_for_a_quarterly_metric_is_refused_naming_the_line(tmp_path, metrics):
    MetricFactory(code="engagement", chart_type=ChartType.XMR, frequency=Frequency.QUARTER)
    good = "engagement,TRUST,2024-01-01,6.8,,,,\nengagement,TRUST,2024-04-01,6.9,,,,\n"
    carried = good + "engagement,TRUST,2024-05-01,6.9,,,,\n"  # the quarter carried into May
    imp = run(tmp_path, carried)
    assert_refused(imp, 4, "does not start a quarter")
    imp = run(tmp_path, good)
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows
    assert Observation.objects.count() == 2


def test_a_period_in_the_future_is_refused_naming_the_line_and_date(tmp_path, metrics):
    from django.utils import timezone

    next_monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    imp = run(tmp_path, f"falls,W1,2024-01-01,3,,,,\nfalls,W1,{next_monday.isoformat()},4,,,,\n")
    assert_refused(imp, 3, f"{next_monday.isoformat()} is in the future")
