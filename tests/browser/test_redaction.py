"""The improvement team removes a patient identifier that reached a project's text:
the page names what it found, refuses to act without a reason, and afterwards
neither the project nor its history holds the text. Accessibility-checked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from qls.projects.models import Project
from tests.projects.discovery_helpers import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAKED = "Mr John Smith (DOB 04/05/1938) fell twice in bed 12."


def test_the_improvement_team_redacts_an_identifier_from_a_project(
    page, personas, login, site_url, axe, reference_data
):
    project = make_project("Fewer falls at night", problem=LEAKED)
    login(page, personas["improvement"])
    page.goto(f"{site_url}{project.get_absolute_url()}")
    page.get_by_role("link", name="Redact patient identifier").click()
    expect(page.get_by_role("heading", name="Remove a patient identifier")).to_be_visible()
    expect(page.get_by_text(LEAKED)).to_be_visible()
    axe(page, context="redaction page")

    page.get_by_role("button", name="Remove the text").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    axe(page, context="redaction page without a reason")
    assert Project.objects.get(pk=project.pk).problem == LEAKED

    page.get_by_label("Why you are removing it").fill("Patient named in the problem statement")
    page.get_by_role("button", name="Remove the text").click()
    page.wait_for_url(lambda url: "/redact/" not in url)
    project.refresh_from_db()
    assert project.problem == "[removed: patient identifier]"
    assert not project.history.filter(problem=LEAKED).exists()
    expect(page.get_by_text("John Smith")).to_have_count(0)
