"""Dashboards stay light: words, icons and links in the page; specs and tables on demand.

The trust, site and ward dashboards of the demo's 40 metrics once sent
700-800 KB of HTML each, most of it a Vega-Lite spec and a data table inlined
for every chart, and the browser drew all 40 charts on load.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.demo.context import DemoContext
from qls.demo.measurement import build as demo
from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory

pytestmark = pytest.mark.django_db

MAX_BYTES = 250 * 1024
MAX_INLINE_SPECS = 2


@pytest.fixture
def demo_trust(reference_data):
    """The measurement demo (40 metrics, three years, strata) on two sites of three wards."""
    trust = OrganisationFactory(host=True)
    sites = {code: SiteFactory(organisation=trust, code=code) for code in ("BAS", "BRO")}
    wards = {}
    for code, site in sites.items():
        for n in (1, 2, 3):
            ward = WardFactory(site=site, code=f"{code}-W{n:02d}", beds=26)
            wards[ward.code] = ward
    context = DemoContext(
        scale="standard", seed=2024, staff_count=0, log=lambda _m: None, trust=trust,
        sites=sites, wards=wards,
    )  # fmt: skip
    demo.build_measurement(context)


def test_dashboards_send_at_most_250_kb_and_few_inline_specs(client, personas, demo_trust):
    client.force_login(personas["staff"])
    for url in (
        reverse("measurement:index"),
        reverse("measurement:site_dashboard", args=["BAS"]),
        reverse("measurement:ward_dashboard", args=["BAS-W01"]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content
        charts = html.count(b'class="qls-chart"')
        assert charts >= 30, f"{url}: a chart per metric, not {charts}"
        assert len(html) <= MAX_BYTES, f"{url}: {len(html) / 1024:.0f} KiB for {charts} charts"
        assert html.count(b'type="application/json"') <= MAX_INLINE_SPECS, url
        # Every chart still says what it shows, and offers its table and downloads.
        assert html.count(b"qls-chart__description") == charts, url
        assert html.count(b"Show the data as a table") == charts, url
        assert html.count(b"Download CSV") == charts, url
