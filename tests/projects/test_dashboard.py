"""The registry dashboard: counts, drill-down links to the filtered list, downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.organisation.models import StaffGroup
from qls.projects.dashboard import build_dashboard
from tests.projects.discovery_helpers import add_change, add_evidence, make_project

pytestmark = pytest.mark.django_db


def _at(year: int, month: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, 15, 10))


@pytest.fixture
def registry(reference_data):
    improved = make_project("Falls", site="BAS", aims=(1, 2), created=_at(2025, 2))
    node, cycle = add_change(improved, "Bay nursing", adopted=dt.date(2025, 4, 7))
    add_evidence(improved, node, cycle)
    make_project("Sepsis", site="BRO", stage="closed", category="change", aims=(2,),
                 lead_group=StaffGroup.MEDICAL_DENTAL, created=_at(2025, 5))  # fmt: skip
    make_project("Discharge", site="BRO", stage="idea", category="fix", aims=(3,),
                 created=_at(2025, 5))  # fmt: skip
    return improved


def _tally(rows, label):
    return next(t for t in rows if t.label == label)


def test_counts_by_every_grouping(registry):
    data = build_dashboard(today=dt.date(2025, 8, 1))
    assert (data.total, data.improved, data.closed, data.open) == (3, 1, 1, 2)
    assert [(t.label, t.count) for t in data.quarters] == [
        ("2025-Q1", 1),
        ("2025-Q2", 2),
        ("2025-Q3", 0),
    ]
    aim2 = next(t for t in data.by_aim if t.filters == {"aim": 2})
    assert (aim2.count, aim2.improved) == (2, 1)
    assert (
        _tally(data.by_site, "BRO Hospital").count,
        _tally(data.by_site, "BAS Hospital").improved,
    ) == (2, 1)
    assert _tally(data.by_stage, "Closed").count == 1
    assert _tally(data.by_category, "Fix").count == 1
    assert _tally(data.by_lead_group, "Medical and dental").count == 1
    assert _tally(data.by_lead_group, "Nursing and midwifery (registered)").count == 2


def test_every_count_drills_down_to_the_same_number_of_projects(client, personas, registry):
    client.force_login(personas["executive"])
    response = client.get(reverse("projects:dashboard"))
    assert response.status_code == 200
    checked = 0
    for table in response.context["tables"]:
        for row in table["rows"]:
            if row["count"]:
                listed = client.get(row["url"]).context["page"].paginator.count
                assert listed == row["count"], (table["name"], row["label"])
                improved = client.get(row["improved_url"]).context["page"].paginator.count
                assert improved == row["improved"], (table["name"], row["label"])
                checked += 1
    assert checked >= 12


def test_dashboard_tables_download(client, personas, registry):
    client.force_login(personas["staff"])
    url = reverse("projects:dashboard")
    response = client.get(url, {"download": "csv", "table": "sites"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Site", "Projects", "With evidence of improvement"]
    assert ["BAS Hospital", "1", "1"] in rows
    assert client.get(url, {"download": "xlsx", "table": "quarters"}).content[:2] == b"PK"
    assert client.get(url, {"download": "csv", "table": "nope"}).status_code == 404


def test_quarter_chart_is_an_spc_chart(client, personas, registry):
    client.force_login(personas["staff"])
    chart = client.get(reverse("projects:dashboard")).context["chart"]
    assert chart is not None
    assert chart.spec["layer"]
    assert chart.rows[0][0] == "2025-Q1"
    # Quarters are dates on a time axis: the chart draws its points (as text
    # labels like "2025-Q1" it drew none, with "Infinite extent" in the console).
    assert chart.spec["data"]["values"][0]["x"] == "2025-01-01"
    assert chart.spec["encoding"]["x"]["type"] == "temporal"
    from qls.spc.charts import spec_to_svg

    svg = spec_to_svg(chart.spec)
    assert svg.count('role="graphics-symbol"') >= len(chart.rows)


def test_empty_registry_shows_zeroes(client, personas, reference_data):
    client.force_login(personas["staff"])
    response = client.get(reverse("projects:dashboard"))
    assert response.status_code == 200
    assert response.context["chart"] is None
