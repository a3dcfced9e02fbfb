"""A Power BI-style client against a running server: real HTTP, a bearer token,
and pages followed by their next links until there are none."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from django.db.models import Count, Sum

from qls.measurement.models import Observation
from tests.measurement.api_data import bearer, build_metric

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def session(personas):
    """What Power BI's Web connector sends: the token header, gzip accepted."""
    http = requests.Session()
    http.headers.update(
        {
            **bearer(personas["staff"]),
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": "Microsoft.Data.Mashup (https://go.microsoft.com/fwlink/?LinkID=304225)",
        }
    )
    yield http
    http.close()


def _database_totals(metric) -> dict:
    return Observation.objects.filter(series__metric=metric).aggregate(
        rows=Count("pk"), total=Sum("value")
    )


def test_power_bi_reads_a_whole_metric_by_following_next(live_server, session):
    built = build_metric(weeks=30)
    url = f"{live_server.url}/api/observations?metric=falls&limit=25"
    rows, pages = [], 0
    while url:
        response = session.get(url, timeout=30)
        assert response.status_code == 200, response.text
        body = response.json()
        rows += body["items"]
        pages += 1
        url = body["next"]
        if url:
            assert url.startswith(live_server.url)
    expected = _database_totals(built["metric"])
    assert expected["rows"] == 120
    assert pages == 5
    assert len(rows) == expected["rows"]
    assert sum(r["value"] for r in rows) == pytest.approx(expected["total"])
    assert len({(r["series"], r["period"]) for r in rows}) == len(rows)


def test_excel_reads_csv_pages_by_the_link_header(live_server, session):
    built = build_metric(weeks=30)
    url = f"{live_server.url}/api/observations?metric=falls&limit=50&format=csv"
    rows, pages = [], 0
    while url:
        response = session.get(url, timeout=30)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/csv")
        rows += list(csv.DictReader(io.StringIO(response.text)))
        pages += 1
        url = response.links.get("next", {}).get("url")
    expected = _database_totals(built["metric"])
    assert pages == 3
    assert len(rows) == expected["rows"]
    assert sum(float(r["value"]) for r in rows) == pytest.approx(expected["total"])


def test_the_schema_over_http_with_a_token_and_without(live_server, session):
    assert session.get(f"{live_server.url}/api/openapi.json", timeout=30).status_code == 200
    anonymous = requests.get(f"{live_server.url}/api/openapi.json", timeout=30)
    assert anonymous.status_code == 401
    assert anonymous.headers["Content-Type"] == "application/json"
