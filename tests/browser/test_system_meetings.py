"""A System Quality Group meeting, walked in the browser: the system quality lead plans
a meeting, builds its agenda (a risk due for review is on it), records the minutes and a
decision, adds an action (refused first without an owner) and downloads the pack. Each
page passes the accessibility check and fits a 390 px screen (the axe fixture checks both)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from tests.factories.organisation import OrganisationFactory, StaffMemberFactory
from tests.factories.system import QualityRiskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_system_lead_runs_a_meeting_and_downloads_its_pack(
    page, personas, login, site_url, axe
):
    trust = OrganisationFactory(host=True)
    mental_health = OrganisationFactory(code="MHT", name="Estuary Minds Trust")
    icb = OrganisationFactory(code="ICB", name="Estuary Integrated Care Board")
    lead = StaffMemberFactory(
        user=personas["system"], organisation=icb, ward=None, staff_number="11112222"
    )
    partner = StaffMemberFactory(
        user=personas["partner"], organisation=mental_health, ward=None, staff_number="33334444"
    )
    QualityRiskFactory(
        organisation=trust, title="Ambulance handover delays",
        review_on=timezone.localdate() + dt.timedelta(days=3),
    )  # fmt: skip
    when = (timezone.localtime() + dt.timedelta(days=7)).strftime("%Y-%m-%dT10:00")
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    login(page, personas["system"])
    page.goto(f"{site_url}/system/")
    page.get_by_role("link", name="System Quality Group meetings").click()
    expect(page.get_by_role("heading", name="System Quality Group meetings")).to_be_visible()
    axe(page, context="meetings list")
    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Title").fill("System Quality Group, winter")
    page.get_by_label("Date and time").fill(when)
    page.get_by_label("Venue or link").fill("Board room, integrated care board")
    page.get_by_label("Chair").fill(lead.staff_number)
    page.get_by_label("Members").fill(partner.staff_number)
    page.get_by_role("button", name="Plan the meeting").click()
    expect(page.get_by_role("heading", name="System Quality Group, winter")).to_be_visible()
    axe(page, context="the new meeting")
    meeting = Meeting.objects.get(title="System Quality Group, winter")
    assert set(meeting.members.all()) == {lead, partner}

    page.get_by_role("link", name="Edit the agenda").click()
    page.get_by_role("button", name="Build the agenda").click()
    expect(page.get_by_text("Agenda built: 1 item(s) added.")).to_be_visible()
    axe(page, context="the agenda built")
    page.get_by_role("link", name="Review: Ambulance handover delays").click()
    expect(page.get_by_role("heading", name="Review: Ambulance handover delays")).to_be_visible()
    axe(page, context="an agenda item")

    page.get_by_label("Minutes").fill("Handovers over an hour on most evenings.")
    page.get_by_label("Decisions").fill("Ask the trust for a recovery trajectory.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_text("Minutes saved.")).to_be_visible()
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.decisions == "Ask the trust for a recovery trajectory."

    page.get_by_label("Action", exact=True).fill("Share the recovery trajectory with partners")
    page.get_by_label("Due by").fill(due)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Enter the action owner.").first).to_be_visible()
    axe(page, context="action refused without an owner")
    assert not MeetingAction.objects.exists()
    page.get_by_label("Action owner").fill(lead.staff_number)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Share the recovery trajectory with partners", exact=True)
    ).to_be_visible()
    axe(page, context="item with its action")

    page.get_by_role("link", name="Back to the meeting").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the meeting pack (PDF)").click()
    assert download.value.suggested_filename.startswith("quality-group-")
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Ask the trust for a recovery trajectory." in text
    assert "Share the recovery trajectory with partners" in text
