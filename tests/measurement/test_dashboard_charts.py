"""Dashboard chart cards fetch their spec and table on demand: the endpoints behind them."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from qls.measurement import spc_cache
from qls.measurement.charts import series as series_charts
from tests.measurement.dashboard_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust(reference_data):
    return build()


@pytest.fixture
def staff_client(client, personas):
    client.force_login(personas["staff"])
    return client


def _card_urls(html: str) -> tuple[list[str], list[str]]:
    specs = re.findall(r'data-qls-chart-src="([^"]+)"', html)
    tables = re.findall(r'hx-get="([^"]+)"', html)
    return [s.replace("&amp;", "&") for s in specs], [t.replace("&amp;", "&") for t in tables]


def test_every_card_fetches_a_spec_of_the_points_the_page_promises(staff_client, trust):
    html = staff_client.get(reverse("measurement:ward_dashboard", args=["BAS-W01"])).content
    specs, tables = _card_urls(html.decode())
    assert len(specs) == 3
    assert len(tables) == 3
    falls = trust["series"]["falls-BAS-W01"]
    url = next(u for u in specs if f"/series/{falls.pk}/" in u)
    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    spec = json.loads(response.content)
    # 40 weekly points: all of them, under the dashboard's 52; no icons in the spec.
    assert len(spec["data"]["values"]) == 40
    assert spec["title"]["text"] == "Inpatient falls per 1,000 bed days"
    assert "icons" not in [layer.get("name") for layer in spec["layer"]]
    assert response["Cache-Control"] == "private, max-age=86400"


def test_spec_answers_not_modified_to_its_etag_until_a_recompute(staff_client, trust):
    s = trust["series"]["falls-BAS-W01"]
    url = reverse("measurement:series_chart", args=[s.pk]) + "?points=52&title=short"
    first = staff_client.get(url)
    etag = first["ETag"]
    again = staff_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    spc_cache.recompute_series([s.pk])
    assert staff_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_spec_titles_follow_the_page(staff_client, trust):
    s = trust["series"]["falls-BAS-W01"]
    url = reverse("measurement:series_chart", args=[s.pk])
    long = json.loads(staff_client.get(url + "?points=52&title=long").content)
    assert long["title"]["text"] == "Inpatient falls per 1,000 bed days at Kingfisher Ward"
    every = json.loads(staff_client.get(url + "?title=short").content)
    assert len(every["data"]["values"]) == 40


def test_bad_spec_and_table_queries_are_refused_naming_the_field(staff_client, trust):
    s = trust["series"]["falls-BAS-W01"]
    chart = reverse("measurement:series_chart", args=[s.pk])
    bad_points = staff_client.get(chart + "?points=lots")
    assert bad_points.status_code == 400
    assert b"points must be a whole number" in bad_points.content
    bad_title = staff_client.get(chart + "?title=huge")
    assert bad_title.status_code == 400
    assert b"title must be one of short, long, stratum" in bad_title.content
    table = reverse("measurement:series_table", args=[s.pk])
    assert staff_client.get(table + "?points=0").status_code == 400
    assert staff_client.get(reverse("measurement:series_chart", args=[99999])).status_code == 404


def test_table_opens_as_a_fragment_for_htmx_and_a_page_without_scripts(staff_client, trust):
    s = trust["series"]["falls-BAS-W01"]
    url = reverse("measurement:series_table", args=[s.pk]) + "?points=52"
    fragment = staff_client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert body.lstrip().startswith("<table")
    assert "<html" not in body
    assert body.count("<tr>") == 40
    assert '<th scope="col" class="nhsuk-table__header">Mean</th>' in body
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "<h1>Inpatient falls per 1,000 bed days at Kingfisher Ward</h1>" in page.content.decode()
    assert page.content.decode().count("<tr>") == 40


def test_chart_endpoints_need_sign_in(client, trust):
    s = trust["series"]["falls-BAS-W01"]
    for name in ("measurement:series_chart", "measurement:series_table"):
        response = client.get(reverse(name, args=[s.pk]))
        assert response.status_code == 302
        assert "/login" in response["Location"] or "accounts" in response["Location"]


def test_cached_card_serves_its_spec_without_rebuilding(staff_client, trust, monkeypatch):
    staff_client.get(reverse("measurement:ward_dashboard", args=["BAS-W01"]))
    specs, _ = _card_urls(
        staff_client.get(reverse("measurement:ward_dashboard", args=["BAS-W01"])).content.decode()
    )

    def refuse(*args, **kwargs):
        raise AssertionError("a cached spec was rebuilt")

    monkeypatch.setattr(series_charts, "series_spec", refuse)
    for url in specs:
        assert staff_client.get(url).status_code == 200


def test_compared_wards_share_one_y_scale(staff_client, trust):
    html = staff_client.get(reverse("measurement:compare_wards", args=["falls", "BAS"])).content
    specs, _tables = _card_urls(html.decode())
    assert len(specs) == 2
    charts = [json.loads(staff_client.get(url).content) for url in specs]
    domains = [c["encoding"]["y"]["scale"]["domain"] for c in charts]
    assert domains[0] == domains[1]
    low, high = domains[0]
    # Every point of both wards is inside it; Kingfisher's last week sets the top.
    drawn = [
        r[k] for c in charts for r in c["data"]["values"] for k in ("y", "upl") if r[k] is not None
    ]
    assert low <= min(drawn)
    assert high == pytest.approx(max(drawn), rel=1e-5)
    assert low == 0  # rates never drawn below zero


def test_a_bad_shared_y_scale_is_refused_naming_the_field(staff_client, trust):
    s = trust["series"]["falls-BAS-W01"]
    chart = reverse("measurement:series_chart", args=[s.pk])
    for bad in ("1", "a,b", "5,1", "nan,2"):
        response = staff_client.get(chart + "?title=long&y=" + bad)
        assert response.status_code == 400
        assert b"y must be two numbers" in response.content
