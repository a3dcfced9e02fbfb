"""Dashboards read the SPC cache: matrix, early warnings, drill-down, charts, downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from qls.measurement import spc_cache
from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards.matrix import ASSURANCE_GROUP
from qls.spc import RULE_LABELS
from tests.measurement.dashboard_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust(reference_data):
    return build()


@pytest.fixture
def staff_client(client, personas):
    client.force_login(personas["staff"])
    return client


def test_trust_dashboard_shows_matrix_early_warnings_and_sites(staff_client, trust):
    response = staff_client.get(reverse("measurement:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Trust quality dashboard" in html
    # The matrix counts the trust's own three metrics and links each cell to its list.
    assert "Summary of 2 metrics at Trust" in html
    assert reverse("measurement:series_list") + "?level=trust&amp;variation=" in html
    # Kingfisher's last week is far above the limits: first in the early warnings.
    warnings = [w for w in response.context["warnings"] if w.kind == "series"]
    assert warnings
    assert warnings[0].series.ward.code == "BAS-W01"
    assert warnings[0].latest
    assert RULE_LABELS["rule_astronomical"] in warnings[0].rules
    assert reverse("measurement:site_dashboard", args=["BAS"]) in html


def test_drill_down_from_site_to_ward_with_breadcrumbs(staff_client, trust):
    site = staff_client.get(reverse("measurement:site_dashboard", args=["BAS"]))
    assert site.status_code == 200
    names = [w.name for w in site.context["children"]]
    assert names == ["Heron Ward", "Kingfisher Ward"]
    kingfisher = next(w for w in site.context["children"] if w.code == "BAS-W01")
    assert kingfisher.concern_count == 1
    ward = staff_client.get(reverse("measurement:ward_dashboard", args=["BAS-W01"]))
    assert ward.status_code == 200
    assert [label for label, _ in ward.context["crumbs"]] == [
        "Home",
        "Trust dashboard",
        "Basildon Hospital",
    ]


def test_ward_dashboard_charts_have_icons_labels_table_and_downloads(staff_client, trust):
    response = staff_client.get(reverse("measurement:ward_dashboard", args=["BAS-W01"]))
    html = response.content.decode()
    cards = [card for cards in response.context["groups"].values() for card in cards]
    assert len(cards) == 3
    falls = next(c for c in cards if c["series"].metric.code == "falls")
    assert falls["variation_label"] == "Special cause variation \u2013 concern (high)"
    assert "<svg" in falls["variation"]
    assert 'data-qls-chart="chart-' in html
    assert "Show the data as a table" in html
    pk = falls["series"].pk
    for fmt in ("csv", "xlsx", "svg", "png"):
        assert reverse("measurement:series_download", args=[pk, fmt]) in html
    assert reverse("measurement:compare_wards", args=["falls", "BAS"]) in html


def test_ward_dashboard_uses_few_queries_and_the_chart_cache(
    staff_client, trust, django_assert_max_num_queries, monkeypatch
):
    url = reverse("measurement:ward_dashboard", args=["BAS-W01"])
    staff_client.get(url)  # fills the chart cache

    def refuse(*args, **kwargs):
        raise AssertionError("a cached chart was rebuilt")

    monkeypatch.setattr(series_charts, "series_spec", refuse)
    with django_assert_max_num_queries(8):
        assert staff_client.get(url).status_code == 200


def test_recompute_changes_the_cache_key_so_charts_refresh(staff_client, trust):
    s = trust["series"]["falls-BAS-W01"]
    s.refresh_from_db()
    url = reverse("measurement:ward_dashboard", args=["BAS-W01"])

    def falls_card(response):
        cards = [c for group in response.context["groups"].values() for c in group]
        return next(c for c in cards if c["series"].pk == s.pk)

    before = falls_card(staff_client.get(url))
    s.observations.filter(period=s.latest_period).update(value=5.0, numerator=1.0)
    spc_cache.recompute_series([s.pk])
    s.refresh_from_db()
    assert s.variation_icon != "special_cause_concern_high"
    after = falls_card(staff_client.get(url))
    assert after["variation_label"] == series_charts.icon_label(s.variation_icon)
    assert str(after["html"]) != str(before["html"])


def test_matrix_cell_lists_its_metrics(staff_client, trust):
    falls = trust["series"]["falls-BAS-W01"]
    falls.refresh_from_db()
    column = ASSURANCE_GROUP[falls.assurance_icon]
    url = reverse("measurement:series_list") + "?level=ward&unit=BAS-W01&variation=concern"
    response = staff_client.get(f"{url}&assurance={column}")
    assert response.status_code == 200
    assert [r["series"].metric.code for r in response.context["rows"]] == ["falls"]
    other = "pass" if column != "pass" else "fail"
    assert staff_client.get(f"{url}&assurance={other}").context["rows"] == []


def test_early_warning_page_for_a_site(staff_client, trust):
    response = staff_client.get(reverse("measurement:early_warnings") + "?level=site&unit=BAS")
    assert response.status_code == 200
    assert any(
        w.series and w.series.ward and w.series.ward.code == "BAS-W01"
        for w in response.context["warnings"]
    )
    missing = staff_client.get(reverse("measurement:early_warnings") + "?level=site&unit=NOPE")
    assert missing.status_code == 404


def test_series_page_at_each_level_and_404_without_data(staff_client, trust):
    for url in (
        reverse("measurement:series_trust", args=["falls"]),
        reverse("measurement:series_site", args=["falls", "BAS"]),
        reverse("measurement:series_ward", args=["falls", "BAS-W01"]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert response.context["chart"].rows  # the full table, every point
    site = staff_client.get(reverse("measurement:series_site", args=["sepsis-screening", "BAS"]))
    assert site.context["inequalities_url"].endswith("?level=site&unit=BAS")
    assert (
        staff_client.get(reverse("measurement:series_trust", args=["length-of-stay"])).status_code
        == 404
    )


def test_compare_wards_shows_one_chart_per_ward(staff_client, trust):
    response = staff_client.get(reverse("measurement:compare_wards", args=["falls", "BAS"]))
    assert response.status_code == 200
    assert [c["series"].ward.name for c in response.context["cards"]] == [
        "Heron Ward",
        "Kingfisher Ward",
    ]
    assert all(c["html"] for c in response.context["cards"])


def test_downloads_give_every_point(staff_client, trust):
    s = trust["series"]["falls-BAS-W01"]
    response = staff_client.get(reverse("measurement:series_download", args=[s.pk, "csv"]))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Period", "Value (per 1,000 bed days)", "Numerator", "Denominator"]
    assert len(rows) == 1 + 40
    assert rows[-1][2] == "9.0" or rows[-1][2] == "9"
    xlsx = staff_client.get(reverse("measurement:series_download", args=[s.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    svg = staff_client.get(reverse("measurement:series_download", args=[s.pk, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content[:400]
    png = staff_client.get(reverse("measurement:series_download", args=[s.pk, "png"]))
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert (
        staff_client.get(reverse("measurement:series_download", args=[s.pk, "pdf"])).status_code
        == 404
    )


def test_a_series_of_repeated_values_shows_a_warning_not_icons_and_no_early_warning(
    staff_client, trust
):
    from qls.measurement.dashboards.early_warnings import early_warnings
    from qls.measurement.dashboards.scope import Scope
    from tests.measurement.dashboard_data import MONTHS, _series

    # A quarterly figure carried into each month, stepping up in the last quarter:
    # on collapsed limits the step looks like special cause concern.
    carried = [6.8, 6.8, 6.8, 6.9, 6.9, 6.9, 6.7, 6.7, 6.7, 6.8, 6.8, 6.8] * 2
    carried[-3:] = [7.9, 7.9, 7.9]  # longer stays: worse
    s = _series(trust["los"], "site", MONTHS, carried, site=trust["site"])
    spc_cache.recompute_all()
    s.refresh_from_db()
    assert s.spc_summary["repeated_values"] is True
    assert s.spc_summary["recent_concern"] >= 1  # it would have been an early warning
    scope = Scope.find("site", trust["site"].code)
    assert s.pk not in [w.series.pk for w in early_warnings(scope)]
    page = staff_client.get(
        reverse("measurement:early_warnings"), {"level": "site", "unit": trust["site"].code}
    ).content.decode()
    assert "Left out: limits not meaningful" in page
    icons = series_charts.icons(s)
    assert icons["repeated"]
    assert icons["variation"] == ""
    dashboard = staff_client.get(reverse("measurement:site_dashboard", args=[trust["site"].code]))
    assert "Limits not meaningful" in dashboard.content.decode()
