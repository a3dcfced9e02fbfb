"""The improvement team edits an audit template that wards were audited on: QLS makes
a new version with the reason, refuses weights that miss the section total, previews
it on a phone, puts it in use, and the ward's score chart marks the change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.wards.models import Audit, AuditTemplate
from tests.factories.organisation import WardFactory
from tests.factories.wards import AuditQuestionFactory, AuditSectionFactory, AuditTemplateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Falls risk assessment added after the falls review"


def _audits(template, ward, days, first_score):
    for i, day in enumerate(days):
        Audit.objects.create(
            template=template, ward=ward, date=day, status="submitted",
            score=first_score + i, submitted_at=timezone.now(),
        )  # fmt: skip


@pytest.fixture
def audited_template():
    template = AuditTemplateFactory(name="Ward accreditation audit", version=1)
    section = AuditSectionFactory(template=template, title="Safe care", total=3)
    AuditQuestionFactory(section=section, text="Resuscitation trolley checked daily", order=1)
    AuditQuestionFactory(section=section, text="Call bells within reach", weight=2, order=2)
    ward = WardFactory(name="Heron Ward")
    today = timezone.localdate()
    _audits(template, ward, [today - dt.timedelta(days=d) for d in (300, 210, 120)], 72.0)
    return {"template": template, "ward": ward}


def test_the_improvement_team_makes_a_new_version_and_the_ward_chart_shows_it(
    page, personas, audited_template, login, site_url, axe
):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, personas["improvement"])
    page.goto(site_url + "/wards/accreditation/manage/")
    axe(page, context="manage accreditation")
    page.get_by_text("Ward accreditation audit (version 1)", exact=True).click()
    page.get_by_role("link", name="Open Ward accreditation audit (version 1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ward accreditation audit (version 1)"
    )
    expect(page.get_by_text("so it cannot change")).to_be_visible()
    expect(page.get_by_role("link", name="Edit section Safe care")).to_have_count(0)
    axe(page, context="a template in use")

    # The new version needs a reason.
    page.get_by_role("link", name="Make a new version").click()
    page.get_by_role("button", name="Make version 2").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the reason for the new version")
    assert AuditTemplate.objects.count() == 1
    axe(page, context="new version with an error")
    page.get_by_label("Reason for the new version").fill(REASON)
    page.get_by_role("button", name="Make version 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ward accreditation audit (version 2)"
    )
    expect(page.get_by_text("Being prepared")).to_be_visible()
    axe(page, context="a version being prepared")

    # Add a question: weights that miss the section total are refused, naming the section.
    page.get_by_role("link", name="Edit section Safe care").click()
    page.get_by_label("Section total").fill("5")
    page.locator("#id_q-2-text").fill("Falls risk assessment complete")
    page.locator("#id_q-2-evidence").fill("Five care records of patients aged 65 or over")
    page.locator("#id_q-2-answer_type").select_option("percent")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Section 'Safe care': the question weights add up to 4, not the section total of 5."
    )
    version_2 = AuditTemplate.objects.get(version=2)
    assert version_2.sections.get().questions.count() == 2
    axe(page, context="section with an error")
    page.locator("#id_q-2-weight").fill("2")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Section 'Safe care' saved.")).to_be_visible()

    # The preview shows the question as the auditor will meet it, on a phone.
    page.get_by_role("link", name="Preview as the auditor sees it").click()
    expect(page.get_by_label("Falls risk assessment complete")).to_be_disabled()
    expect(page.get_by_text("Evidence to look for: Five care records")).to_be_visible()
    axe(page, context="template preview")
    page.locator("#maincontent").get_by_role(
        "link", name="Back to Ward accreditation audit (version 2)"
    ).click()
    page.get_by_role("button", name="Put version 2 in use").click()
    expect(page.get_by_text("is in use. Earlier versions are retired.")).to_be_visible()
    first = audited_template["template"]
    first.refresh_from_db()
    assert not first.active

    # Audits carried out on the new version; the ward's chart marks the change.
    ward = audited_template["ward"]
    today = timezone.localdate()
    _audits(version_2, ward, [today - dt.timedelta(days=d) for d in (30, 5)], 86.0)
    page.goto(site_url + f"/wards/accreditation/wards/{ward.code}/")
    chart = page.locator("#audit-scores")
    expect(chart.locator(".qls-chart__key")).to_contain_text(f"Version 2: {REASON}")
    expect(chart.locator(".qls-chart__description")).to_contain_text("the limits start again there")
    expect(chart.locator(".qls-chart__canvas svg, .qls-chart__canvas canvas").first).to_be_visible()
    axe(page, context="ward accreditation chart")
