"""API lists: cursor paging with next links, CSV, and clear 4xx answers for bad input."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io

import pytest

from qls.measurement.models import Level, Observation, Series
from tests.measurement.api_data import bearer, build_metric

pytestmark = pytest.mark.django_db


@pytest.fixture
def headers(personas):
    return bearer(personas["staff"])


def _follow(client, url, headers):
    """Every item from every page, and the pages' sizes."""
    items, sizes = [], []
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.content
        body = response.json()
        assert response.get("Link") == (f'<{body["next"]}>; rel="next"' if body["next"] else None)
        items += body["items"]
        sizes.append(len(body["items"]))
        url = body["next"]
    return items, sizes


def test_observations_page_with_next_links_until_null(client, headers):
    built = build_metric(weeks=7)
    items, sizes = _follow(client, "/api/observations?metric=falls&limit=5", headers)
    assert sizes == [5, 5, 5, 5, 5, 3]
    expected = list(
        Observation.objects.filter(series__metric=built["metric"])
        .order_by("series_id", "period")
        .values_list("series_id", "period", "value")
    )
    assert [(i["series"], i["period"], i["value"]) for i in items] == [
        (s, p.isoformat(), v) for s, p, v in expected
    ]
    assert items[0]["metric"] == "falls"
    assert {i["ward"] for i in items} == {"W1", "W2", "W3", None}


def test_next_link_is_absolute_and_keeps_the_filters(client, headers):
    build_metric(weeks=7)
    body = client.get("/api/observations?metric=falls&limit=2&from=2024-01-08", headers=headers)
    link = body.json()["next"]
    assert link.startswith("http://testserver/api/observations?")
    for part in ("metric=falls", "limit=2", "from=2024-01-08"):
        assert part in link
    items, _sizes = _follow(client, "/api/observations?metric=falls&from=2024-01-08", headers)
    assert len(items) == 4 * 6


def test_rows_added_while_paging_do_not_shift_later_pages(client, headers):
    built = build_metric(weeks=4)
    first = client.get("/api/observations?metric=falls&limit=6", headers=headers).json()
    # A new row before the cursor must not push an already-read row onto the next page.
    Observation.objects.create(series=built["series"][0], period=dt.date(2023, 12, 25), value=0)
    rest, _ = _follow(client, first["next"], headers)
    seen = [(i["series"], i["period"]) for i in first["items"] + rest]
    assert len(seen) == len(set(seen)) == 16


def test_series_metrics_and_one_series_observations_page_too(client, headers):
    built = build_metric(weeks=3)
    build_metric(code="pressure-ulcers", weeks=1, wards=built["wards"])
    series, sizes = _follow(client, "/api/series?limit=3", headers)
    assert sizes == [3, 3, 2]
    assert [s["id"] for s in series] == list(
        Series.objects.order_by("pk").values_list("pk", flat=True)
    )
    metrics, sizes = _follow(client, "/api/metrics?limit=1", headers)
    assert [m["code"] for m in metrics] == ["falls", "pressure-ulcers"]
    sid = built["series"][1].pk
    observations, sizes = _follow(client, f"/api/series/{sid}/observations?limit=2", headers)
    assert sizes == [2, 1]
    assert [o["value"] for o in observations] == [96.5, 97.5, 98.5]


def test_csv_pages_carry_the_next_link_in_the_link_header(client, headers):
    build_metric(weeks=3)
    response = client.get("/api/observations?metric=falls&limit=10&format=csv", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["series", "metric", "level"]
    assert len(rows) == 11
    link = response["Link"]
    assert link.startswith("<http://testserver/api/observations?")
    assert link.endswith('>; rel="next"')
    url = link[1 : link.index(">")]
    last = client.get(url, headers=headers)
    assert len(list(csv.reader(io.StringIO(last.content.decode())))) == 1 + 2
    assert "Link" not in last


@pytest.mark.parametrize(
    "url",
    ["/api/metrics?format=csv", "/api/series?format=csv", "/api/observations?format=csv"],
)
def test_every_list_answers_csv(client, headers, url):
    build_metric(weeks=2)
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(response.content.decode().splitlines()) > 1


def test_csv_cells_cannot_become_spreadsheet_formulas(client, headers):
    build_metric(weeks=1, stratum_value='=HYPERLINK("http://x")')
    response = client.get("/api/observations?metric=falls&format=csv", headers=headers)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["stratum_value"] == '\'=HYPERLINK("http://x")'
    # Negative numbers are numbers, not formulas: they stay as they are.
    assert rows[0]["value"] == "-3.5"


def test_spc_points_as_csv(client, headers):
    built = build_metric(weeks=1)
    series = built["series"][0]
    series.spc_points = {"x": ["2024-01-01", "2024-01-08"], "y": [3, 1], "mean": [2.0, 2.0]}
    series.save()
    response = client.get(f"/api/series/{series.pk}/spc?format=csv", headers=headers)
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == [
        "x,y,mean",
        "2024-01-01,3,2.0",
        "2024-01-08,1,2.0",
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=10001", "limit"),
        ("limit=0", "limit"),
        ("limit=99999999999999999999", "limit"),
        ("limit=ten", "limit"),
        ("offset=99999999999999999999", "offset"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=WzEsMiwzXQ", "cursor"),
        ("format=xml", "format"),
        ("from=2024-02-30", "from"),
    ],
)
def test_bad_paging_input_is_422_naming_the_field(client, headers, query, field):
    build_metric(weeks=1)
    response = client.get(f"/api/observations?{query}", headers=headers)
    assert response.status_code == 422, response.content
    body = response.json()
    assert [e["field"] for e in body["errors"]] == [field]
    assert field in body["detail"]


def test_a_cursor_with_an_id_past_64_bits_is_422(client, headers):
    build_metric(weeks=1)
    for key in (f'[{2**70}, "2024-01-01"]', f'[{2**63}, "2024-01-01"]', '[-1, "2024-01-01"]'):
        cursor = base64.urlsafe_b64encode(key.encode()).decode()
        response = client.get(f"/api/observations?cursor={cursor}", headers=headers)
        assert response.status_code == 422, key


@pytest.mark.parametrize(
    "url",
    [
        "/api/series/99999999999999999999",
        "/api/series/99999999999999999999/spc",
        "/api/series/99999999999999999999/observations",
        "/api/series/0",
        "/api/series/123456/observations",
    ],
)
def test_series_ids_out_of_range_or_unknown_are_404(client, headers, url):
    build_metric(weeks=1)
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    assert response.json()["detail"].startswith("No series with id")


@pytest.mark.parametrize(
    "url",
    [
        "/api/metrics/nope",
        "/api/series?metric=nope",
        "/api/observations?metric=nope",
        "/api/observations?metric=falls&ward=NOWARD",
    ],
)
def test_an_unknown_code_is_404_not_an_empty_list(client, headers, url):
    build_metric(weeks=1)
    response = client.get(url, headers=headers)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "No " in response.json()["detail"]


def test_a_known_metric_without_data_is_an_empty_page(client, headers):
    build_metric(weeks=0)
    body = client.get("/api/observations?metric=falls", headers=headers).json()
    assert body == {"items": [], "next": None}
    assert Series.objects.filter(level=Level.WARD).count() == 3


def test_a_series_id_that_is_not_a_number_is_422_naming_it(client, headers):
    response = client.get("/api/series/abc/observations", headers=headers)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["series_id"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("ward=%00", "ward"),
        ("stratum_dimension=a%00b", "stratum_dimension"),
        ("metric=falls%1f", "metric"),
        ("site=%7f", "site"),
        ("level=%00", "level"),
        ("cursor=%00", "cursor"),
    ],
)
def test_a_control_character_in_a_filter_is_422_naming_it(client, headers, query, field):
    # PostgreSQL refuses NUL in a query: this must never reach the database as a 500.
    build_metric(weeks=1)
    for path in ("/api/series", "/api/observations"):
        response = client.get(f"{path}?{query}", headers=headers)
        assert response.status_code == 422, (path, response.content)
        assert [e["field"] for e in response.json()["errors"]] == [field]


def test_a_metric_code_with_a_nul_is_404(client, headers):
    build_metric(weeks=1)
    response = client.get("/api/metrics/falls%00", headers=headers)
    assert response.status_code == 404
