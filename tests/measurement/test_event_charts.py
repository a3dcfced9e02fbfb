"""g and t charts count days between events: every page draws their points
in event order, evenly spaced, with each event's date as its label."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from qls.measurement import spc_cache
from qls.measurement.models import Metric
from tests.measurement.dashboard_data import _series, build

pytestmark = pytest.mark.django_db

# Never events bunch (three in a fortnight) then stop for months: by date
# the first three points would sit on top of each other.
EVENTS = [
    dt.date(2024, 1, 3),
    dt.date(2024, 1, 9),
    dt.date(2024, 1, 15),
    dt.date(2024, 6, 2),
    dt.date(2024, 6, 30),
    dt.date(2024, 11, 20),
    dt.date(2025, 2, 14),
]
GAPS = [40.0, 6.0, 6.0, 139.0, 28.0, 143.0, 86.0]


@pytest.fixture
def never_events(reference_data):
    build()
    metric = Metric.objects.create(
        code="never-events-days", name="Days between never events",
        definition="Days since the previous never event, at each never event.", unit="days",
        chart_type="g", improvement_direction="increase", frequency="day",
    )  # fmt: skip
    series = _series(metric, "trust", EVENTS, GAPS)
    spc_cache.recompute_series([series.pk])
    series.refresh_from_db()
    return series


def _assert_by_event(spec: dict) -> None:
    values = spec["data"]["values"]
    assert [r["x"] for r in values] == list(range(1, len(EVENTS) + 1))
    assert [r["y"] for r in values] == GAPS
    x = spec["encoding"]["x"]
    assert x["type"] == "quantitative"
    assert x["axis"]["title"] == "Event (by date)"
    # Each event's own date labels it, years included (the events span two).
    assert "3 Jan 2024" in x["axis"]["labelExpr"]
    assert "14 Feb 2025" in x["axis"]["labelExpr"]


def test_the_series_page_draws_a_g_chart_by_event_order(client, personas, never_events):
    client.force_login(personas["staff"])
    page = client.get(reverse("measurement:series_trust", args=["never-events-days"]))
    assert page.status_code == 200
    found = re.search(
        r'<script id="series-chart-spec" type="application/json">(.*?)</script>',
        page.content.decode(),
        re.DOTALL,
    )
    assert found, "the series page embeds its chart's spec"
    _assert_by_event(json.loads(found.group(1)))


def test_a_dashboard_card_of_a_g_chart_is_drawn_by_event_order(client, personas, never_events):
    client.force_login(personas["staff"])
    url = reverse("measurement:series_chart", args=[never_events.pk]) + "?title=short"
    response = client.get(url)
    assert response.status_code == 200
    _assert_by_event(json.loads(response.content))


def test_a_t_chart_is_drawn_by_event_order_too(client, personas, never_events):
    Metric.objects.filter(pk=never_events.metric_id).update(chart_type="t")
    spc_cache.recompute_series([never_events.pk])
    client.force_login(personas["staff"])
    url = reverse("measurement:series_chart", args=[never_events.pk]) + "?title=short"
    _assert_by_event(json.loads(client.get(url).content))


def test_a_monthly_chart_keeps_its_time_axis(client, personas, never_events):
    from qls.measurement.models import Series

    falls = Series.objects.filter(metric__code="falls", level="trust").get()
    client.force_login(personas["staff"])
    url = reverse("measurement:series_chart", args=[falls.pk]) + "?title=short"
    spec = json.loads(client.get(url).content)
    assert spec["encoding"]["x"]["type"] == "temporal"
