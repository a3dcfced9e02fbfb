"""Learning and co-production, walked in the browser: a partner's quality lead records
a "we said, we did" entry (refused first for an NHS number), publishes it, and a
member of staff reads it on the published log; the system quality lead records a
priority's progress and sees it under its NQB step. Each page passes the
accessibility check and fits a 390 px screen (the axe fixture checks both)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.system.learning.models import WeSaidWeDid
from tests.factories.organisation import OrganisationFactory, StaffMemberFactory
from tests.factories.system_learning import SystemPriorityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NHS_NUMBER = "943 476 5919"


def test_a_partner_publishes_we_said_we_did_and_the_lead_moves_a_priority(
    page, personas, login, site_url, axe
):
    OrganisationFactory(host=True)
    mental_health = OrganisationFactory(code="MHT", name="Estuary Minds Trust")
    icb = OrganisationFactory(code="ICB", name="Estuary Integrated Care Board")
    StaffMemberFactory(user=personas["system"], organisation=icb, ward=None)
    StaffMemberFactory(user=personas["partner"], organisation=mental_health, ward=None)
    priority = SystemPriorityFactory(
        title="Publish what changed every quarter", step="measuring", lead_organisation=icb
    )
    title = "Crisis line at night"

    login(page, personas["partner"])
    page.goto(f"{site_url}/system/")
    axe(page, context="system home with the learning links")
    page.get_by_role("link", name="We said, we did", exact=True).click()
    expect(page.get_by_role("heading", name="We said, we did", exact=True)).to_be_visible()
    axe(page, context="the published log, empty")
    page.get_by_role("link", name="Record what people told us").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("What people who use services told us").fill(
        f"A caller, NHS number {NHS_NUMBER}, said the line rang out after midnight."
    )
    page.get_by_label("When it was heard").fill(timezone.localdate().isoformat())
    page.get_by_label("Consulting").check()
    page.get_by_role("button", name="Record the entry").click()
    expect(page.get_by_text("NHS number").first).to_be_visible()
    axe(page, context="entry refused for an NHS number")
    assert not WeSaidWeDid.objects.exists()
    page.get_by_label("What people who use services told us").fill(
        "Callers said the crisis line rang out after midnight."
    )
    page.get_by_label("What was done").fill("A second night call handler covers midnight to 6am.")
    page.get_by_label("Consulting").check()
    page.get_by_role("button", name="Record the entry").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    axe(page, context="the draft entry")
    page.get_by_role("button", name="Publish it").click()
    expect(page.get_by_text(f"{title} is on the published log.")).to_be_visible()
    axe(page, context="the published entry")
    assert WeSaidWeDid.objects.get().published

    page.context.clear_cookies()
    login(page, personas["staff"])
    page.goto(f"{site_url}/system/we-said-we-did/")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("A second night call handler covers midnight to 6am.")).to_be_visible()
    axe(page, context="the published log read by staff")
    page.get_by_label("Engagement ladder").select_option(label="Devolving")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name=title)).to_have_count(0)
    axe(page, context="the published log filtered")

    page.context.clear_cookies()
    login(page, personas["system"])
    page.goto(f"{site_url}/system/priorities/")
    axe(page, context="priorities by NQB step")
    page.get_by_role("link", name=priority.title).click()
    page.get_by_label("Embedded").check()
    page.get_by_label("What has changed").fill("Every partner publishes its log each quarter.")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text(f"Progress of {priority.title} recorded.")).to_be_visible()
    expect(page.get_by_text("Every partner publishes its log each quarter.")).to_be_visible()
    axe(page, context="the priority with its progress note")
    page.get_by_role("link", name="System priorities").click()
    step = page.locator("section", has=page.get_by_role("heading", name="3. Measure quality"))
    expect(step.get_by_role("link", name=priority.title)).to_be_visible()
    expect(step).to_contain_text("Embedded: 1")
    axe(page, context="priorities with the progress under its step")
