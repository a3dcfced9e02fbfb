"""Soft intelligence and the early-warning list, walked in the browser: a partner's quality
lead opens the soft intelligence list, is refused an entry naming a patient by NHS number,
logs it without, and finds it on the early-warning list beside their organisation's SPC
signal. Each page passes the accessibility check and fits a 390 px screen (the axe fixture
checks both)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.measurement.models import Frequency
from qls.system.warnings.models import SoftIntelligence
from tests.factories.measurement import MetricFactory
from tests.factories.organisation import OrganisationFactory, SiteFactory, StaffMemberFactory
from tests.factories.system_warnings import cached_series

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NHS_NUMBER = "943 476 5919"


def test_a_partner_logs_soft_intelligence_and_sees_it_on_the_early_warning_list(
    page, personas, login, site_url, axe
):
    OrganisationFactory(host=True)
    mental_health = OrganisationFactory(code="MHT", name="Estuary Minds Trust")
    StaffMemberFactory(user=personas["partner"], organisation=mental_health, ward=None)
    restraint = MetricFactory(
        code="restraint", name="Restrictive interventions", frequency=Frequency.MONTH
    )
    site = SiteFactory(organisation=mental_health, code="EM1", name="Estuary House")
    cached_series(restraint, site=site, variation="special_cause_concern_high")

    login(page, personas["partner"])
    page.goto(f"{site_url}/system/intelligence/")
    expect(page.get_by_role("heading", name="Soft intelligence", exact=True)).to_be_visible()
    expect(page.get_by_text("No soft intelligence yet.")).to_be_visible()
    axe(page, context="the soft intelligence list, empty")
    page.get_by_role("link", name="Log soft intelligence").click()
    page.get_by_label("Whistleblowing").check()
    page.get_by_label("What was heard").fill(
        f"Staff raised restraint of the patient with NHS number {NHS_NUMBER}."
    )
    page.get_by_label("Source", exact=True).fill("Freedom to speak up guardian")
    page.get_by_label("When it was received").fill(timezone.localdate().isoformat())
    page.get_by_label("3, high").check()
    page.get_by_role("button", name="Log soft intelligence").click()
    expect(page.get_by_text("NHS number").first).to_be_visible()
    axe(page, context="soft intelligence refused for an NHS number")
    assert not SoftIntelligence.objects.exists()
    page.get_by_label("What was heard").fill(
        "Staff say concerns about restraint on the acute wards are not listened to."
    )
    page.get_by_label("Whistleblowing").check()
    page.get_by_label("3, high").check()
    page.get_by_role("button", name="Log soft intelligence").click()
    expect(page.get_by_role("heading", name="Whistleblowing")).to_be_visible()
    axe(page, context="the soft intelligence entry")
    assert SoftIntelligence.objects.get().organisation == mental_health

    page.get_by_role("link", name="See the early-warning list").click()
    expect(page.get_by_role("heading", name="Early-warning list")).to_be_visible()
    table = page.locator("#early-warnings")
    expect(table).to_contain_text("Estuary Minds Trust")
    expect(table).to_contain_text("weight 6, 2 signals, hard and soft")
    expect(table.get_by_role("link", name="Special cause of concern")).to_be_visible()
    axe(page, context="the early-warning list")
    page.get_by_text("How signals are weighed").click()
    axe(page, context="the early-warning list with the weights open")
    table.get_by_role("link", name="Staff say concerns").click()
    expect(page.get_by_role("heading", name="Whistleblowing")).to_be_visible()
