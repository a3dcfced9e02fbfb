"""A member of staff reads a published edition's improvement and capability section:
training against the trajectory with its chart, projects, new evidence, the ward
programme and accreditation. It passes the accessibility check and fits 390 px."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.reports import workflow
from qls.reports.models import Edition, EditionStatus
from tests.factories.capability import CourseFactory
from tests.factories.reports import reporting_world
from tests.factories.reports_capability import completed, improving_project, ward_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_read_the_improvement_and_capability_section(page, personas, login, site_url, axe):
    world = reporting_world(personas)
    completed(
        CourseFactory(fundamentals=True),
        dt.date(2025, 10, 2),
        dt.date(2025, 11, 6),
        dt.date(2025, 12, 4),
    )
    project = improving_project("Night-time falls on O'Brien Ward")
    ward_programme()
    edition = workflow.open_edition(
        report=world.report,
        period=dt.date(2025, 12, 1),
        by=personas["improvement"],
        today=dt.date(2026, 1, 15),
    )
    Edition.objects.filter(pk=edition.pk).update(
        status=EditionStatus.PUBLISHED, approved_at=timezone.now(), published_at=timezone.now()
    )

    login(page, personas["staff"])
    page.goto(f"{site_url}{edition.get_absolute_url()}")
    page.get_by_role("link", name="Improvement and capability").click()
    expect(page.get_by_role("heading", name="Improvement and capability")).to_be_visible()
    expect(
        page.get_by_role("img", name="XmR chart of qsir fundamentals completions")
    ).to_be_visible()
    expect(page.get_by_role("link", name=project.title)).to_have_attribute(
        "href", project.get_absolute_url()
    )
    expect(page.get_by_role("rowheader", name="Riverside Hospital, wave 1")).to_be_visible()
    axe(page, context="improvement and capability section")
