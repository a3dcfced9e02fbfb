"""Changing a report in the browser: its schedule, a section's metrics, the sections' order.
Every page passes the accessibility check and fits a 390 px screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qls.reports.models import Section
from tests.factories.reports import reporting_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_sets_the_schedule_changes_a_section_and_reorders(
    page, personas, login, site_url, axe
):
    world = reporting_world(personas)
    login(page, personas["analyst"])
    page.goto(f"{site_url}{world.report.get_absolute_url()}")
    axe(page, context="report page with section buttons")

    page.get_by_role("link", name="Change the report or its schedule").click()
    page.get_by_label("Day of the month the next draft opens").fill("31")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("must be from 1 to 28").first).to_be_visible()
    axe(page, context="schedule refused")
    page.get_by_label("Day of the month the next draft opens").fill("5")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("opens by itself on day 5 of each month")).to_be_visible()

    page.get_by_role("link", name="Change the section Safe").click()
    axe(page, context="section edit page")
    page.get_by_label("Remove Falls with harm from the section").check()
    page.get_by_label("Remove Pressure ulcers from the section").check()
    page.get_by_label("Remove Medication errors from the section").check()
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_text('The section "Safe" would have no metrics').first).to_be_visible()
    axe(page, context="emptied section refused")
    page.get_by_label("Remove Falls with harm from the section").uncheck()
    page.get_by_role("button", name="Save the section").click()
    expect(page.get_by_text('Section "Safe" saved.')).to_be_visible()

    page.get_by_role("button", name="Move down the section Safe").click()
    expect(page.get_by_text('Section "Safe" moved down.')).to_be_visible()
    titles = [s.title for s in Section.objects.filter(report=world.report).order_by("order")]
    assert titles == ["Responsive", "Safe"]
    assert Section.objects.get(report=world.report, domain__slug="safe").metrics.count() == 1
