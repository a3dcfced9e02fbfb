"""The ward programme end to end: plan waves, diagnostic pack, engagement event with
anonymous issues from a second browser, follow-up, and an audit on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.wards.models import AccreditationLevel, StaffSurveyResult
from tests.factories.organisation import (
    OrganisationFactory,
    SiteFactory,
    StaffMemberFactory,
    WardFactory,
)
from tests.factories.wards import (
    AuditQuestionFactory,
    AuditSectionFactory,
    AuditTemplateFactory,
    WardProgrammeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ["Avocet", "Curlew", "Dunlin", "Egret", "Heron", "Kestrel", "Lapwing"]


@pytest.fixture
def programme(db, reference_data):
    host = OrganisationFactory(host=True)
    site = SiteFactory(organisation=host, code="BAS", name="Basildon Hospital")
    wards = [WardFactory(site=site, code=f"BAS-W0{i}", name=f"{n} Ward")
             for i, n in enumerate(NAMES, start=1)]  # fmt: skip
    other = WardFactory(site=site, code="BAS-X01", name="Osprey Ward", in_programme=False)
    StaffMemberFactory(first_name="Nina", last_name="Walsh", job_role="Ward Sister", ward=wards[0])
    StaffMemberFactory(first_name="Omar", last_name="Reid", job_role="Staff Nurse", ward=wards[0])
    StaffMemberFactory(first_name="Aisha", last_name="Bello", job_role="Matron", ward=other)
    start = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    WardProgrammeFactory(
        name="Ward programme (test)",
        start=start,
        end=start.replace(year=start.year + 1) - dt.timedelta(days=1),
        sites=[site],
    )
    for theme, score in [("We are a team", 6.1), ("Morale", 5.2)]:
        StaffSurveyResult.objects.create(
            ward=wards[0], survey="NHS Staff Survey 2025", period=dt.date(2025, 11, 30),
            theme=theme, score=score,
        )  # fmt: skip
        StaffSurveyResult.objects.create(
            ward=wards[1], survey="NHS Staff Survey 2025", period=dt.date(2025, 11, 30),
            theme=theme, score=score + 1,
        )  # fmt: skip
    template = AuditTemplateFactory(name="Ward accreditation audit")
    safe = AuditSectionFactory(template=template, title="Safe care", order=1)
    AuditQuestionFactory(section=safe, text="Resuscitation trolley checked daily",
                         answer_type="yes_no", order=1)  # fmt: skip
    AuditQuestionFactory(section=safe, text="Handover covers every patient's risks",
                         answer_type="scale_0_4", order=2)  # fmt: skip
    led = AuditSectionFactory(template=template, title="Well-led ward", order=2)
    AuditQuestionFactory(section=led, text="Mandatory training compliance",
                         answer_type="percent", order=1)  # fmt: skip
    AccreditationLevel.objects.create(name="Bronze", min_score=70, order=1)
    return site


def test_team_runs_the_ward_programme(page, browser, personas, programme, login, site_url, axe):
    login(page, personas["improvement"])
    page.goto(site_url + "/wards/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ward programme")
    axe(page, context="ward programme landing page")

    # Plan the waves: seven wards, five a wave; move one more into wave 1, see the warning.
    page.get_by_role("link", name="Plan waves at Basildon Hospital").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan waves at Basildon Hospital")
    axe(page, context="wave planner")
    page.get_by_label("Wave for Kestrel Ward").select_option("1")
    expect(page.get_by_text("Wave 1 at Basildon Hospital has 6 wards")).to_be_visible()
    expect(page.get_by_text("(not saved yet)")).to_be_visible()
    axe(page, context="wave planner with an over-capacity warning")
    page.get_by_label("Wave for Kestrel Ward").select_option("2")
    expect(page.get_by_text("Wave 1 at Basildon Hospital has 6 wards")).to_have_count(0)
    page.get_by_role("button", name="Save the plan").click()
    expect(
        page.get_by_text("Plan for Basildon Hospital saved: 7 wards planned, 0 moved.")
    ).to_be_visible()

    # The board: move Avocet Ward into its diagnostic.
    page.get_by_role("link", name="Basildon Hospital board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme board: Basildon Hospital")
    axe(page, context="programme board")
    card = page.locator(".qls-card", has_text="Avocet Ward")
    card.get_by_role("button", name=re.compile("Move to diagnostic")).click()
    expect(page.get_by_text("Avocet Ward moved to diagnostic.")).to_be_visible()
    page.get_by_role("link", name="Avocet Ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avocet Ward")
    axe(page, context="ward journey")

    # The diagnostic pack, and its PDF.
    page.get_by_role("link", name="Diagnostic pack for Avocet Ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diagnostic pack: Avocet Ward")
    expect(page.get_by_text("NHS Staff Survey 2025: scores out of 10")).to_be_visible()
    axe(page, context="diagnostic pack")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack as a PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.go_back()

    # An engagement event, open now.
    page.goto(site_url + page.url.split(site_url)[1].replace("diagnostic/", ""))
    page.get_by_role("link", name="Set up an engagement event").click()
    axe(page, context="event form")
    now = timezone.localtime()
    page.get_by_label("Date of the event").fill(f"{now:%Y-%m-%d}")
    page.get_by_label("Issues open from").fill(f"{now - dt.timedelta(hours=1):%Y-%m-%dT%H:%M}")
    page.get_by_label("Issues close at").fill(f"{now + dt.timedelta(days=1):%Y-%m-%dT%H:%M}")
    page.get_by_role("button", name="Set up the event").click()
    expect(page.get_by_text("Event set up.")).to_be_visible()
    axe(page, context="event page (facilitator)")
    public = page.locator("#public-link").get_attribute("href")

    # Staff raise issues from another browser, without signing in.
    anonymous = browser.new_context()
    visitor = anonymous.new_page()
    visitor.goto(site_url + public)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Raise an issue for your ward")
    axe(visitor, context="public issue page")
    issue_box = visitor.get_by_label("What gets in the way of good care on this ward?")
    issue_box.fill("Patient 943 476 5919 waited for pain relief")
    visitor.get_by_role("button", name="Raise issue").click()
    expect(visitor.get_by_text("Remove the NHS number from issue").first).to_be_visible()
    axe(visitor, context="public issue page refusing an NHS number")
    for text in [
        "Discharge letters wait for a doctor until the afternoon",
        "Nobody knows where the spare oxygen cylinders are kept",
    ]:
        visitor.get_by_label("What gets in the way of good care on this ward?").fill(text)
        visitor.get_by_label("Your role (optional)").fill("Bank healthcare assistant")
        visitor.get_by_role("button", name="Raise issue").click()
        expect(visitor.get_by_text("Thank you: your issue has been raised")).to_be_visible()
    axe(visitor, context="public issue page after raising")
    anonymous.close()

    # The facilitator sorts them.
    page.reload()
    expect(page.get_by_text("Discharge letters wait for a doctor")).to_be_visible()
    improve_id = _issue_id(page, "Discharge letters wait")
    fix_id = _issue_id(page, "spare oxygen cylinders")
    page.get_by_label(f"Category for issue {improve_id}").select_option("improve")
    page.get_by_role("button", name=f"Save category for issue {improve_id}").click()
    expect(page.get_by_text(f"Issue {improve_id} sorted as improve.")).to_be_visible()
    page.get_by_label(f"Category for issue {fix_id}").select_option("fix")
    page.get_by_role("button", name=f"Save category for issue {fix_id}").click()
    expect(page.get_by_text(f"Issue {fix_id} sorted as fix.")).to_be_visible()
    axe(page, context="event page after sorting")

    # Improve: one click (and a lead and an aim) makes a QI project.
    page.get_by_role("link", name=f"Follow up issue {improve_id}").click()
    axe(page, context="issue follow-up (improve)")
    page.get_by_role("button", name="Start QI project").click()
    expect(page.get_by_text("Choose who will lead the project").first).to_be_visible()
    axe(page, context="issue follow-up with an error")
    _choose(page, "Project lead", "Nina Walsh")
    page.get_by_label(re.compile("Patient first")).check()
    page.get_by_role("button", name="Start QI project").click()
    expect(page.get_by_text("started from this issue")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Discharge letters wait"))).to_be_visible()

    # Fix: an action with an owner, closed when done.
    page.goto(site_url + f"/wards/issues/{fix_id}/")
    _choose(page, "Owner", "Omar Reid")
    page.get_by_label("Due date").fill(f"{now + dt.timedelta(days=14):%Y-%m-%d}")
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    axe(page, context="issue follow-up (fix) with an action")
    page.get_by_label("Status of this action").select_option("done")
    page.get_by_role("button", name="Update action").click()
    expect(page.get_by_text("Action marked done.")).to_be_visible()
    expect(page.get_by_text("Status: Done")).to_be_visible()

    page.goto(site_url + "/wards/actions/?status=done")
    expect(page.get_by_role("cell", name="Omar Reid")).to_be_visible()
    axe(page, context="ward actions")
    page.goto(site_url + "/wards/we-said-we-did/")
    axe(page, context="we said, we did")


def _choose(page, label: str, text: str) -> None:
    """Select the option of a labelled select whose text contains ``text``."""
    select = page.get_by_label(label)
    select.select_option(select.locator("option", has_text=text).first.get_attribute("value"))


def _issue_id(page, text: str) -> str:
    block = page.locator(".qls-issue", has_text=text).first
    return block.get_attribute("id").removeprefix("issue-")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    yield context
    context.close()


def test_coach_completes_an_audit_on_a_phone(phone, personas, programme, login, site_url, axe):
    page = phone.new_page()
    login(page, personas["coach"])
    page.goto(site_url + "/wards/accreditation/")
    axe(page, context="accreditation (phone)")
    page.get_by_role("link", name="Start an audit").click()
    _choose(page, "Ward", "Avocet Ward")
    axe(page, context="start an audit (phone)")
    page.get_by_role("button", name="Start audit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Safe care")
    axe(page, context="audit section 1 (phone)")
    page.get_by_role("group", name="Resuscitation trolley checked daily").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Handover covers every patient's risks").get_by_label(
        "3"
    ).check()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Well-led ward")
    page.get_by_label("Mandatory training compliance").fill("140")
    page.get_by_role("button", name="Save and review").click()
    expect(page.get_by_text("enter a percentage from 0 to 100, not 140").first).to_be_visible()
    axe(page, context="audit section 2 with an out-of-range answer (phone)")
    page.get_by_label("Mandatory training compliance").fill("92")
    page.get_by_role("button", name="Save and review").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers: Avocet Ward")
    axe(page, context="audit review (phone)")
    page.get_by_role("button", name="Submit audit").click()
    expect(
        page.get_by_text(re.compile(r"Audit of Avocet Ward submitted: score \d+%"))
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accreditation: Avocet Ward")
    axe(page, context="ward accreditation (phone)")
    page.goto(site_url + "/wards/accreditation/sites/BAS/")
    expect(page.get_by_role("link", name="Avocet Ward", exact=True)).to_be_visible()
    axe(page, context="accreditation board (phone)")
