"""A project's g chart (days between events) is drawn by event order, with
the events' dates as labels, on the measure's page and on the poster."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest

from qls.projects.models import MeasureValue, PDSACycle
from qls.projects.poster import poster_content
from tests.factories.projects import MeasureFactory
from tests.projects.discovery_helpers import add_change, make_project

pytestmark = pytest.mark.django_db

EVENTS = [
    dt.date(2025, 1, 3),
    dt.date(2025, 1, 9),
    dt.date(2025, 1, 15),
    dt.date(2025, 6, 2),
    dt.date(2025, 6, 30),
    dt.date(2025, 11, 20),
]
GAPS = [40.0, 6.0, 6.0, 138.0, 28.0, 143.0]


@pytest.fixture
def project(reference_data):
    p = make_project("Fewer pressure ulcers", ward="BAS-W02", ward_name="Heron Ward")
    measure = MeasureFactory(
        project=p, name="Days between pressure ulcers", unit="days", chart_type="g",
        frequency="day", improvement_direction="increase",
    )  # fmt: skip
    MeasureValue.objects.bulk_create(
        MeasureValue(measure=measure, period=d, value=v) for d, v in zip(EVENTS, GAPS, strict=True)
    )
    node, _ = add_change(p, "Two-hourly turns")
    PDSACycle.objects.create(
        change_idea=node, number=2, title="Turn clock at every bed", plan_what="a",
        prediction="b", started_on=dt.date(2025, 3, 3),
    )  # fmt: skip
    return p, measure


def test_the_measure_page_draws_the_g_chart_by_event_order(client, personas, project):
    p, measure = project
    client.force_login(personas["staff"])
    page = client.get(f"/projects/{p.pk}/measures/{measure.pk}/")
    assert page.status_code == 200
    found = re.search(
        rf'<script id="measure-{measure.pk}-spec" type="application/json">(.*?)</script>',
        page.content.decode(),
        re.DOTALL,
    )
    assert found, "the measure page embeds its chart's spec"
    spec = json.loads(found.group(1))
    assert [r["x"] for r in spec["data"]["values"]] == [1, 2, 3, 4, 5, 6]
    axis = spec["encoding"]["x"]["axis"]
    assert axis["title"] == "Event (by date)"
    assert "3 Jan 2025" in axis["labelExpr"]
    assert "20 Nov 2025" in axis["labelExpr"]
    # The cycle began on 3 March: after the third event (15 Jan), before the fourth (2 Jun).
    events = next(layer for layer in spec["layer"] if layer.get("name") == "events")
    assert [e["x"] for e in events["data"]["values"]] == [3.5]


def test_the_poster_draws_the_g_chart_by_event_order(project):
    p, _measure = project
    content = poster_content(p)
    svg = base64.b64decode(content.chart_uri.split(",", 1)[1]).decode()
    assert "Event (by date)" in svg
    assert "2 Jun 2025" in svg  # an event's date, as the label of its point
