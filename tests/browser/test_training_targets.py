"""The improvement team sets training targets from a date, and the report's
trajectory starts there; a refused target says why and saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qls.capability.models import Enrolment, TrainingTarget
from tests.factories.capability import CohortFactory, CourseFactory, EnrolmentFactory
from tests.factories.organisation import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_setting_a_target_from_a_date_and_seeing_the_trajectory_start_there(
    page, personas, login, site_url, axe
):
    OrganisationFactory(host=True)
    course = CourseFactory(fundamentals=True)
    cohort = CohortFactory(course=course, start_date=dt.date(2019, 3, 12))
    for _ in range(4):
        EnrolmentFactory(
            cohort=cohort,
            status=Enrolment.Status.COMPLETED,
            completed_at=timezone.make_aware(dt.datetime(2019, 3, 12, 17)),
        )
    login(page, personas["improvement"])
    page.goto(f"{site_url}/learning/reports/")
    page.get_by_role("link", name="Training targets").click()
    expect(page.get_by_role("heading", name="Training targets", level=1)).to_be_visible()
    axe(page, context="training targets")

    page.get_by_label("Course").select_option(label="QSIR Fundamentals")
    page.get_by_label("People a month").fill("-2")
    page.get_by_label("From").fill("2025-01-15")
    page.get_by_role("button", name="Add target").click()
    expect(page.get_by_text("People a month cannot be negative").first).to_be_visible()
    axe(page, context="training targets with an error")
    assert not TrainingTarget.objects.exists()

    page.get_by_label("People a month").fill("2")
    page.get_by_role("button", name="Add target").click()
    expect(page.get_by_text("Target added")).to_be_visible()
    expect(page.get_by_role("cell", name="January 2025", exact=True)).to_be_visible()

    page.goto(f"{site_url}/learning/reports/?course={course.pk}")
    expect(page.get_by_text("The trajectory starts in January 2025")).to_be_visible()
    axe(page, context="training report with a stored target")
