"""A coach audits a ward on a phone; a failed standard starts a QI project through
the registration form, and the project appears on the ward sister's My work."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.organisation.models import StrategicAim
from qls.projects.models import Project
from qls.wards.models import Audit, StandardProject
from tests.factories.organisation import StaffMemberFactory, WardFactory
from tests.factories.wards import AuditQuestionFactory, AuditSectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALL_BELLS = "Call bells are within reach"


@pytest.fixture
def audit_world(personas, reference_data):
    ward = WardFactory(name="Heron Ward", in_programme=True)
    ward.manager = StaffMemberFactory(
        user=personas["lead"], first_name="Nina", last_name="Walsh", job_role="Ward Sister",
        ward=ward, site=ward.site,
    )  # fmt: skip
    ward.save()
    StaffMemberFactory(
        user=personas["coach"], first_name="Grace", last_name="Okafor",
        ward=WardFactory(site=ward.site, name="Kestrel Ward"),
    )  # fmt: skip
    safe = AuditSectionFactory(title="Safe care", order=1)
    AuditQuestionFactory(section=safe, text="Resuscitation trolley checked daily", order=1)
    AuditQuestionFactory(section=safe, text=CALL_BELLS, order=2)
    led = AuditSectionFactory(template=safe.template, title="Well-led ward", order=2)
    AuditQuestionFactory(section=led, text="The ward holds a daily safety huddle", order=1)
    return {"ward": ward, "sister": ward.manager}


def test_a_failed_standard_starts_a_project_on_the_sisters_my_work(
    page, personas, audit_world, login, site_url, axe
):
    page.set_viewport_size({"width": 390, "height": 844})
    ward = audit_world["ward"]
    login(page, personas["coach"])
    page.goto(site_url + f"/wards/accreditation/wards/{ward.code}/")
    page.get_by_role("link", name="Start an audit of Heron Ward").click()
    axe(page, context="start an audit (phone)")
    page.get_by_role("button", name="Start audit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Safe care")
    page.get_by_role("group", name="Resuscitation trolley checked daily").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name=CALL_BELLS).get_by_label("No", exact=True).check()
    axe(page, context="audit section 1 (phone)")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("group", name="The ward holds a daily safety huddle").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name="Save and review").click()
    page.get_by_role("button", name="Submit audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accreditation: Heron Ward")

    # The result: the failed standard first, with the section scores.
    page.get_by_role("link", name=timezone.localdate().strftime("%-d %b %Y")).click()
    expect(page.get_by_role("heading", level=2, name="Failed standards (1)")).to_be_visible()
    card = page.locator(".nhsuk-card", has_text=CALL_BELLS)
    expect(card).to_contain_text("Safe care. Answer: No.")
    expect(page.get_by_role("table")).to_contain_text("50.0%")
    axe(page, context="audit result with a failed standard (phone)")
    card.get_by_role("link", name=re.compile("Start a QI project")).click()

    # The registry's own form, filled in from the standard; the coach finishes it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Register a QI project")
    expect(page.get_by_label("Problem statement")).to_have_value(re.compile(CALL_BELLS))
    expect(page.get_by_label("Project title")).to_have_value(f"{CALL_BELLS} on Heron Ward")
    axe(page, context="project registration filled in from a standard (phone)")
    page.get_by_label("Aim statement").fill(
        "Every call bell within reach at each daily check, by the next audit"
    )
    page.get_by_label(str(StrategicAim.objects.filter(active=True).first()), exact=True).check()
    page.get_by_label("Start date").fill(timezone.localdate().isoformat())
    page.get_by_label("Involving").check()
    page.get_by_label("Project lead").fill(audit_world["sister"].staff_number)
    page.get_by_role("button", name="Register project").click()
    expect(page.get_by_text(re.compile(r"is registered\. Next"))).to_be_visible()
    project = Project.objects.get()
    assert StandardProject.objects.get().project == project
    assert project.ward == ward

    page.goto(site_url + Audit.objects.get().get_absolute_url())
    expect(page.locator(".nhsuk-card", has_text=CALL_BELLS)).to_contain_text(project.title)

    # The ward sister finds it on her My work.
    page.context.clear_cookies()
    login(page, personas["lead"])
    page.goto(site_url + "/")
    section = page.locator("#projects")
    expect(section.get_by_role("link", name=project.title)).to_be_visible()
    axe(page, context="My work of the ward sister (phone)")
