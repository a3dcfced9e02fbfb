"""Record-level extracts: DuckDB's aggregation checked against a plain-Python
count over the same rows, plus the bad-input cases of a record file."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import defaultdict

import pytest

from qls.measurement.importing import import_path
from qls.measurement.importing.expressions import ExpressionError, check_expression
from qls.measurement.models import ChartType, Frequency, ImportStatus, Observation, Series
from tests.factories.measurement import MetricFactory, trust_structure

pytestmark = pytest.mark.django_db

WARD_SITE = {"W1": "S1", "W2": "S1", "W3": "S2"}


@pytest.fixture
def screening():
    trust_structure()
    return MetricFactory(screening=True)


def _rows(seed: int, n: int) -> list[dict]:
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    return [
        {
            "arrived": (start + dt.timedelta(days=rng.randrange(120))).isoformat(),
            "ward_code": rng.choice(list(WARD_SITE)),
            "eligible": rng.choice("YYYN"),
            "screened": rng.choice("YYN"),
            "imd": rng.choice(["1", "2", "3", "4", "5", ""]),
            "sex": rng.choice("FM"),
        }
        for _ in range(n)
    ]


def _write(path, rows: list[dict]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _expected(rows: list[dict]) -> dict[tuple, tuple[float, float]]:
    """(level, unit, dim, value, month) -> (numerator, denominator), the boring way."""
    sums: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        if row["eligible"] != "Y":
            continue
        month = dt.date.fromisoformat(row["arrived"]).replace(day=1)
        ward = row["ward_code"]
        units = [("ward", ward), ("site", WARD_SITE[ward]), ("trust", "")]
        strata = [("", ""), ("imd_quintile", row["imd"] or "Not known"), ("sex", row["sex"])]
        for level, unit in units:
            for dim, value in strata:
                key = (level, unit, dim, value, month)
                sums[key][0] += row["screened"] == "Y"
                sums[key][1] += 1
    return {k: (v[0], v[1]) for k, v in sums.items()}


def _saved() -> dict[tuple, tuple[float, float, float]]:
    out = {}
    for obs in Observation.objects.select_related("series__site", "series__ward"):
        s = obs.series
        unit = s.ward.code if s.ward else s.site.code if s.site else ""
        key = (s.level, unit, s.stratum_dimension, s.stratum_value, obs.period)
        out[key] = (obs.numerator, obs.denominator, obs.value)
    return out


def test_aggregation_matches_a_plain_python_count(tmp_path, screening):
    rows = _rows(seed=7, n=3000)
    path = tmp_path / "screening.csv"
    _write(path, rows)
    imp = import_path(path, kind="record", metric=screening)
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows or imp.error
    expected = _expected(rows)
    saved = _saved()
    assert expected, "the comparison must not be empty"
    assert set(saved) == set(expected)
    for key, (num, den) in expected.items():
        assert saved[key][:2] == (num, den), key
        assert saved[key][2] == pytest.approx(num / den * 100)
    assert imp.rows_in == 3000
    assert imp.rows_out == len(expected)


def test_counts_without_a_denominator_fill_empty_weeks_with_zero(tmp_path):
    trust_structure()
    falls = MetricFactory(
        code="falls",
        chart_type=ChartType.C,
        frequency=Frequency.WEEK,
        record_date_column="when",
        record_org_unit_column="ward",
        record_filter="harm <> 'none'",
        record_numerator="1",
    )
    path = tmp_path / "falls.csv"
    path.write_text(
        "when,ward,harm\n"
        "2024-01-03,W1,low\n2024-01-04,W1,none\n2024-01-05,W1,moderate\n2024-01-24,W3,low\n"
    )
    imp = import_path(path, kind="record", metric=falls)
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows or imp.error
    w1 = Series.objects.get(ward__code="W1")
    assert list(w1.observations.order_by("period").values_list("period", "value")) == [
        (dt.date(2024, 1, 1), 2.0),
        (dt.date(2024, 1, 8), 0.0),
        (dt.date(2024, 1, 15), 0.0),
        (dt.date(2024, 1, 22), 0.0),
    ]
    trust = Series.objects.get(level="trust")
    assert list(trust.observations.order_by("period").values_list("value", flat=True)) == [
        2.0,
        0.0,
        0.0,
        1.0,
    ]


@pytest.mark.parametrize(
    ("body", "line", "phrase"),
    [
        ("2024-01-03,W9,Y,Y,1,F\n", 3, "unknown ward code 'W9'"),
        ("03/01/2024,W1,Y,Y,1,F\n", 3, "one date format throughout"),
        ("2024-02-31,W1,Y,Y,1,F\n", 3, "not a real date"),
        (",W1,Y,Y,1,F\n", 3, "date column is empty"),
        ("2024-01-03,W1,Y,Y,1\n", 3, "truncated"),
        ("2099-01-03,W1,Y,Y,1,F\n", 3, "date '2099-01-03' is in the future"),
    ],
)
def test_bad_record_rows_are_refused_by_line(tmp_path, screening, body, line, phrase):
    path = tmp_path / "bad.csv"
    path.write_text("arrived,ward_code,eligible,screened,imd,sex\n2024-01-02,W1,Y,Y,1,F\n" + body)
    imp = import_path(path, kind="record", metric=screening)
    assert imp.status == ImportStatus.FAILED
    assert any(p["line"] == line and phrase in p["reason"] for p in imp.rejected_rows), (
        imp.rejected_rows or imp.error
    )
    assert not Observation.objects.exists()


def test_negative_numerator_rows_are_refused(tmp_path):
    trust_structure()
    metric = MetricFactory(
        code="bed-days",
        chart_type=ChartType.XMR,
        record_date_column="day",
        record_org_unit_column="ward",
        record_numerator="days",
    )
    path = tmp_path / "days.csv"
    path.write_text("day,ward,days\n2024-01-01,W1,3\n2024-01-02,W1,-2\n")
    imp = import_path(path, kind="record", metric=metric)
    assert imp.status == ImportStatus.FAILED
    assert imp.rejected_rows == [{"line": 3, "reason": "the numerator is negative (-2.0)"}]


def test_a_missing_column_names_the_definition_part(tmp_path, screening):
    path = tmp_path / "cols.csv"
    path.write_text("arrived,ward,eligible,screened,imd,sex\n2024-01-02,W1,Y,Y,1,F\n")
    imp = import_path(path, kind="record", metric=screening)
    assert imp.status == ImportStatus.FAILED
    assert "no column 'ward_code' (the metric's org unit column)" in imp.error


def test_an_expression_naming_an_absent_column_is_refused(tmp_path, screening):
    screening.record_filter = "is_eligible = 'Y'"
    screening.save()
    path = tmp_path / "cols.csv"
    path.write_text("arrived,ward_code,eligible,screened,imd,sex\n2024-01-02,W1,Y,Y,1,F\n")
    imp = import_path(path, kind="record", metric=screening)
    assert imp.status == ImportStatus.FAILED
    assert "does not fit this file" in imp.error
    assert "is_eligible" in imp.error


@pytest.mark.parametrize(
    "text",
    [
        "1; DROP TABLE x",
        "(SELECT 1)",
        "read_csv('/etc/passwd')",
        "x -- comment",
        "getenv('HOME')",
    ],
)
def test_expressions_outside_the_allowed_subset_are_refused(text):
    with pytest.raises(ExpressionError):
        check_expression(text, label="numerator")


def test_allowed_expressions_report_their_columns():
    used = check_expression(
        "CASE WHEN screened = 'Y' AND coalesce(minutes, 0) < 60 THEN 1 ELSE 0 END",
        label="numerator",
        columns=["screened", "minutes"],
    )
    assert used == {"screened", "minutes"}
    with pytest.raises(ExpressionError, match="not a column"):
        check_expression("bed_days", label="denominator", columns=["days"])


def _strata_add_up() -> list[str]:
    """Every way the saved figures fail to add up: strata to their total, wards to
    their site, sites to the trust (numerators and denominators, per period)."""
    saved = _saved()
    problems = []
    totals = {k: v for k, v in saved.items() if k[2] == ""}
    for level, unit, dim, _value, month in saved:
        if not dim:
            continue
        parts = [v for k, v in saved.items() if k[:3] == (level, unit, dim) and k[4] == month]
        whole = totals.get((level, unit, "", "", month))
        for i in (0, 1):
            if whole is None or sum(p[i] for p in parts) != whole[i]:
                problems.append(f"{level} {unit} {dim} {month}")
    for month in {k[4] for k in totals}:
        wards = [v for k, v in totals.items() if k[0] == "ward" and k[4] == month]
        trust = totals[("trust", "", "", "", month)]
        for site in set(WARD_SITE.values()):
            members = [
                v for k, v in totals.items()
                if k[0] == "ward" and WARD_SITE[k[1]] == site and k[4] == month
            ]  # fmt: skip
            figure = totals.get(("site", site, "", "", month))
            if members and (figure is None or sum(m[1] for m in members) != figure[1]):
                problems.append(f"site {site} {month}")
        if sum(w[1] for w in wards) != trust[1]:
            problems.append(f"trust {month}")
    return sorted(set(problems))


def test_a_reimported_extract_replaces_strata_absent_from_it(tmp_path, screening):
    rows = _rows(seed=11, n=1500)
    first = tmp_path / "first.csv"
    _write(first, rows)
    assert import_path(first, kind="record", metric=screening).status == ImportStatus.SUCCEEDED
    assert _strata_add_up() == []
    # The corrected extract: one patient moved ward, and nobody is "Not known" any more.
    fixed = [dict(r, imd=r["imd"] or "3") for r in rows]
    fixed[0]["ward_code"] = "W3" if fixed[0]["ward_code"] != "W3" else "W1"
    second = tmp_path / "second.csv"
    _write(second, fixed)
    imp = import_path(second, kind="record", metric=screening)
    assert imp.status == ImportStatus.SUCCEEDED, imp.rejected_rows or imp.error
    assert not Observation.objects.filter(series__stratum_value="Not known").exists()
    assert _strata_add_up() == []
    expected = _expected(fixed)
    saved = _saved()
    assert set(saved) == set(expected)


def test_a_ratio_chart_without_a_denominator_is_refused_when_saved(screening):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    screening.record_denominator = ""
    with pytest.raises(ValidationError, match="needs a denominator expression"):
        screening.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        screening.save()
    screening.refresh_from_db()
    assert screening.record_denominator


def test_an_import_failing_on_the_definition_says_so_and_links_to_it(tmp_path, client, personas):
    from django.urls import reverse

    trust_structure()
    counts = MetricFactory(code="bare", chart_type=ChartType.C, frequency=Frequency.WEEK)
    path = tmp_path / "bare.csv"
    path.write_text("when,ward\n2024-01-02,W1\n")
    imp = import_path(path, kind="record", metric=counts)
    assert imp.status == ImportStatus.FAILED
    assert imp.is_definition_problem
    assert "definition needs fixing, not the file" in imp.error
    client.force_login(personas["analyst"])
    page = client.get(imp.get_absolute_url()).content.decode()
    assert reverse("measurement:metric_edit", args=["bare"]) in page
    assert "Fix the file" not in page
