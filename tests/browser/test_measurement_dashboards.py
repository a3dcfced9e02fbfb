"""Quality dashboards in the browser: drill-down, charts with icons, inequalities, downloads."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.measurement.dashboard_data import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trust(reference_data):
    return build()


def wait_for_charts(page, at_least: int = 1) -> None:
    """Every chart on the page has been drawn by vega-embed as an SVG.

    Charts are drawn as they come near the viewport, so each is scrolled to."""
    page.wait_for_function(
        "(n) => document.querySelectorAll('[data-qls-chart]').length >= n", arg=at_least
    )
    for chart in page.locator("[data-qls-chart]").all():
        chart.scroll_into_view_if_needed()
        expect(chart).to_have_attribute("data-qls-drawn", re.compile("."))
    page.wait_for_function(
        """(n) => {
            const all = [...document.querySelectorAll('[data-qls-chart]')];
            return all.length >= n && all.every(el => el.dataset.qlsDrawn === 'yes'
                && el.querySelector('svg'));
        }""",
        arg=at_least,
        timeout=30_000,
    )


def test_staff_drill_down_trust_site_ward_with_charts_and_icons(
    page, personas, trust, login, site_url, axe
):
    login(page, personas["staff"])
    page.goto(site_url + "/data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trust quality dashboard")
    expect(page.get_by_role("heading", name="Early warnings")).to_be_visible()
    expect(page.get_by_role("cell", name="Kingfisher Ward").first).to_be_visible()
    wait_for_charts(page, 2)
    axe(page, context="trust dashboard")

    page.get_by_role("link", name="Basildon Hospital", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Basildon Hospital quality dashboard")
    wait_for_charts(page, 2)
    axe(page, context="site dashboard")

    page.get_by_role("table").filter(has_text="Ward or unit").get_by_role(
        "link", name="Kingfisher Ward"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kingfisher Ward quality dashboard")
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link", name="Basildon Hospital")).to_be_visible()
    wait_for_charts(page, 3)
    # Icons are explained in words beside each chart, not by colour alone.
    label = page.locator(".qls-icons > li > span", has_text="concern (high)").first
    expect(label).to_contain_text("Special cause variation \u2013 concern (high)")
    chart = page.locator("figure.qls-chart .qls-chart__canvas svg").first
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] > 300
    axe(page, context="ward dashboard")

    page.get_by_role("link", name=re.compile("Compare wards")).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    wait_for_charts(page, 2)
    axe(page, context="compare wards")


def test_summary_matrix_and_early_warning_pages(page, personas, trust, login, site_url, axe):
    login(page, personas["executive"])
    page.goto(site_url + "/data/sites/BAS/")
    matrix = page.get_by_role("table").filter(has_text="variation against assurance")
    matrix.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page, context="matrix cell list")
    page.goto(site_url + "/data/early-warnings/?level=site&unit=BAS")
    expect(page.get_by_role("heading", level=1)).to_have_text("Early warnings: Basildon Hospital")
    axe(page, context="early warnings")


def test_inequality_view_shows_the_gap_chart_and_small_multiples(
    page, personas, trust, login, site_url, axe
):
    login(page, personas["staff"])
    page.goto(site_url + "/data/metrics/sepsis-screening/site/BAS/")
    wait_for_charts(page)
    axe(page, context="metric at a site")
    page.get_by_role("link", name=re.compile("Health inequalities")).click()
    expect(
        page.get_by_role("heading", name="Gap between the most and least deprived")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Ethnic group")).to_be_visible()
    wait_for_charts(page, 10)
    axe(page, context="inequalities at a site")
    page.get_by_label("Show the split for").select_option(label="Trust")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Health inequalities · Trust")).to_be_visible()


def test_staff_nurse_downloads_a_chart_as_csv_and_svg(page, personas, trust, login, site_url):
    login(page, personas["staff"])
    page.goto(site_url + "/data/metrics/falls/ward/BAS-W01/")
    wait_for_charts(page)
    figure = page.locator("figure#series-chart")
    with page.expect_download() as info:
        figure.get_by_role("link", name=re.compile("Download CSV")).click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Period", "Value (per 1,000 bed days)"]
    assert len(rows) == 41
    with page.expect_download() as info:
        figure.get_by_role("link", name=re.compile("Download SVG")).click()
    svg = info.value
    assert svg.suggested_filename.endswith(".svg")
    assert "<svg" in Path(svg.path()).read_text(encoding="utf-8")[:500]
