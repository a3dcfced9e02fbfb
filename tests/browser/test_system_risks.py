"""The quality risk register, walked in the browser: the system quality lead raises
a risk (refused first with a score of 6), escalates it with a reason (refused
first without one) and adds an action; a partner's quality lead cannot open it
but sees their own organisation's risk. Each page passes the accessibility
check and fits a 390 px screen (the axe fixture checks both)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.system.models import EscalationDecision, QualityRisk, RiskAction
from tests.factories.organisation import OrganisationFactory, StaffMemberFactory
from tests.factories.system import QualityRiskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_system_lead_raises_escalates_and_acts_and_a_partner_sees_only_their_own(
    page, personas, login, site_url, axe
):
    trust = OrganisationFactory(host=True)
    mental_health = OrganisationFactory(code="MHT", name="Estuary Minds Trust")
    icb = OrganisationFactory(code="ICB", name="Estuary Integrated Care Board")
    StaffMemberFactory(user=personas["system"], organisation=icb, ward=None)
    StaffMemberFactory(user=personas["partner"], organisation=mental_health, ward=None)
    owner = StaffMemberFactory(
        organisation=trust, first_name="Asha", last_name="Mensah", staff_number="12345678"
    )
    QualityRiskFactory(organisation=mental_health, title="Out-of-area placements")
    review = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    login(page, personas["system"])
    page.goto(f"{site_url}/")
    page.get_by_role("link", name="System", exact=True).click()
    expect(page.get_by_role("heading", name="System quality oversight")).to_be_visible()
    axe(page, context="system oversight home")
    page.get_by_role("link", name="Raise a quality risk").click()
    page.get_by_label("Organisation").select_option(label=trust.name)
    page.get_by_label("Title").fill("Ambulance handover delays")
    page.get_by_label("Description").fill("Handovers over an hour most evenings.")
    page.get_by_label("Owner").fill(owner.staff_number)
    page.get_by_label("Controls").fill("Cohorting area at peak times.")
    page.get_by_label("Likelihood").fill("6")
    page.get_by_label("Consequence").fill("4")
    page.get_by_label("Next review").fill(review)
    page.get_by_role("button", name="Raise the risk").click()
    expect(page.get_by_text("Likelihood must be a whole number from 1 to 5.").first).to_be_visible()
    axe(page, context="risk refused with a likelihood of 6")
    assert not QualityRisk.objects.filter(title="Ambulance handover delays").exists()
    page.get_by_label("Likelihood").fill("4")
    page.get_by_role("button", name="Raise the risk").click()
    expect(page.get_by_role("heading", name="Ambulance handover delays")).to_be_visible()
    expect(page.get_by_text("16 extreme")).to_be_visible()
    axe(page, context="the new risk")
    risk = QualityRisk.objects.get(title="Ambulance handover delays")

    page.get_by_role("link", name="Change the escalation level").click()
    page.get_by_label("Enhanced surveillance").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(
        page.get_by_text("Give the reason for changing the escalation level.").first
    ).to_be_visible()
    axe(page, context="escalation refused without a reason")
    assert not EscalationDecision.objects.exists()
    page.get_by_label("Enhanced surveillance").check()
    page.get_by_label("Reason for the decision").fill("Waits doubled over two months.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Waits doubled over two months.")).to_be_visible()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Enhanced surveillance")
    axe(page, context="risk with its escalation decision")

    page.get_by_label("Action", exact=True).fill(
        "Agree a handover standard with the ambulance service"
    )
    page.get_by_label("Action owner").fill(owner.staff_number)
    page.get_by_label("Due by").fill(review)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    expect(
        page.get_by_role(
            "cell", name="Agree a handover standard with the ambulance service", exact=True
        )
    ).to_be_visible()
    axe(page, context="risk with an action")
    assert RiskAction.objects.get(risk=risk).owner == owner

    page.goto(f"{site_url}/system/risks/")
    expect(page.get_by_role("link", name="Ambulance handover delays")).to_be_visible()
    axe(page, context="the register")

    page.context.clear_cookies()
    login(page, personas["partner"])
    response = page.goto(f"{site_url}{risk.get_absolute_url()}")
    assert response is not None
    assert response.status == 404
    page.goto(f"{site_url}/system/risks/")
    expect(page.get_by_role("link", name="Out-of-area placements")).to_be_visible()
    expect(page.get_by_role("link", name="Ambulance handover delays")).to_have_count(0)
    axe(page, context="the partner's register")
