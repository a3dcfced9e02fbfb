"""The system dashboard, walked in the browser: a partner's quality lead opens the
matrix of shared metrics, follows a cell to the metric across the system (the
charts drawn, the system total among them) and opens the places. Each page passes
the accessibility check and fits a 390 px screen (the axe fixture checks both)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qls.system.dashboard.models import Place
from tests.factories.measurement import MetricFactory
from tests.factories.organisation import OrganisationFactory, StaffMemberFactory
from tests.system.conftest import add_series, agreement, recompute, share

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_reads_the_dashboard_a_metric_and_the_places(
    page, personas, login, site_url, axe, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    trust = OrganisationFactory(host=True)
    minds = OrganisationFactory(code="MHT", name="Estuary Minds Trust")
    community = OrganisationFactory(code="CHP", name="Chelmer Community Health")
    StaffMemberFactory(user=personas["partner"], organisation=minds, ward=None)
    screening = MetricFactory(screening=True, record_date_column="", record_org_unit_column="")
    made = [
        add_series(screening, trust, level="trust", seed=1),
        add_series(screening, minds, seed=2),
        add_series(screening, community, seed=3),
    ]
    recompute(*made)
    dsa = agreement(personas["system"], trust, community)
    share(screening, trust, personas["system"], dsa)
    share(screening, community, personas["system"], dsa)
    place = Place.objects.create(name="Chelmer Valley", description="The county town.")
    place.organisations.set([trust, minds, community])

    login(page, personas["partner"])
    page.goto(f"{site_url}/system/")
    expect(page.get_by_role("heading", name="Shared metrics across the system")).to_be_visible()
    axe(page, context="system dashboard")

    page.get_by_role("link", name=f"{screening.name} at {community.name}").click()
    expect(page.get_by_role("heading", name=screening.name, exact=True)).to_be_visible()
    expect(page.locator("#system-total .qls-chart__canvas svg").first).to_be_visible(timeout=30_000)
    expect(page.locator("#org-CHP-card")).to_be_visible()
    axe(page, context="a metric across the system")

    page.goto(f"{site_url}/system/places/")
    expect(page.get_by_role("heading", name="Chelmer Valley")).to_be_visible()
    axe(page, context="the system by place")
