"""Training targets apply from their start dates; trajectories start when the programme did."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.capability.models import Course, Enrolment, TrainingTarget
from qls.capability.training import targets
from tests.factories.capability import CohortFactory, CourseFactory, EnrolmentFactory
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db

JAN = dt.date(2024, 1, 1)


def test_a_target_applies_from_its_start_date_not_before():
    steps = [(dt.date(2024, 4, 1), 10.0), (dt.date(2024, 10, 1), 20.0)]
    series = [(d, 5) for d in targets.months_of(JAN, "year")]
    rows = targets.trajectory(series, steps, "month")
    # Nothing is expected before April; from April the trajectory grows from the
    # fifteen already trained by 10 a month, then 20 a month from October.
    assert [r[3] for r in rows[:3]] == [None, None, None]
    assert rows[3][3] == 15 + 10
    assert rows[8][3] == 15 + 6 * 10
    assert rows[9][3] == 15 + 6 * 10 + 20
    assert rows[-1][2] == 60


def test_quarters_add_up_the_months_each_target_covers():
    steps = [(dt.date(2024, 2, 1), 10.0)]
    series = [(dt.date(2024, 1, 1), 30), (dt.date(2024, 4, 1), 30)]
    rows = targets.trajectory(series, steps, "quarter")
    assert rows[0][3] == 20.0  # February and March only
    assert rows[1][3] == 50.0


def test_the_default_is_sized_to_the_workforce_and_starts_with_the_first_cohort():
    StaffMemberFactory.create_batch(30)
    course = CourseFactory(fundamentals=True)
    CohortFactory(course=course, start_date=dt.date(2019, 3, 12))
    CohortFactory(course=course, start_date=dt.date(2022, 5, 3))
    staff = targets.workforce()
    assert staff >= 30
    steps = targets.steps_for([Course.Kind.FUNDAMENTALS])
    assert steps == [(dt.date(2019, 3, 1), round(staff * 0.05 / 12, 1))]


def test_stored_targets_replace_the_default():
    course = CourseFactory(fundamentals=True)
    CohortFactory(course=course, start_date=dt.date(2017, 3, 12))
    TrainingTarget.objects.create(
        course_kind=Course.Kind.FUNDAMENTALS, per_month=12, starts_on=dt.date(2021, 4, 1)
    )
    assert targets.steps_for([Course.Kind.FUNDAMENTALS]) == [(dt.date(2021, 4, 1), 12.0)]


def test_the_report_compares_with_a_trajectory_from_the_programme_start(client, personas):
    course = CourseFactory(fundamentals=True)
    cohort = CohortFactory(course=course, start_date=dt.date(2017, 3, 12))
    for _ in range(3):
        EnrolmentFactory(
            cohort=cohort,
            status=Enrolment.Status.COMPLETED,
            completed_at=timezone.make_aware(dt.datetime(2017, 3, 12, 17)),
        )
    TrainingTarget.objects.create(
        course_kind=Course.Kind.FUNDAMENTALS, per_month=1, starts_on=dt.date(2025, 1, 1)
    )
    client.force_login(personas["executive"])
    html = client.get(reverse("capability:reports"), {"course": course.pk}).content.decode()
    assert "The trajectory starts in January 2025" in html
    # Applying today's target back to 2017 would have claimed over a hundred.
    months_since = (timezone.localdate().year - 2025) * 12 + timezone.localdate().month
    assert f"against a trajectory of {3 + months_since:,}" in html


def test_adding_a_target_refuses_bad_input_and_saves_nothing(client, personas):
    client.force_login(personas["improvement"])
    url = reverse("capability:report_targets")
    bad = client.post(url, {"course_kind": "fundamentals", "per_month": "-3", "starts_on": ""})
    assert bad.status_code == 400
    assert "People a month cannot be negative" in bad.content.decode()
    assert not TrainingTarget.objects.exists()
    ok = client.post(
        url, {"course_kind": "fundamentals", "per_month": "12", "starts_on": "2025-04-17"}
    )
    assert ok.status_code == 302
    saved = TrainingTarget.objects.get()
    assert saved.starts_on == dt.date(2025, 4, 1)  # from the month's 1st
    assert saved.created_by == personas["improvement"]
    again = client.post(
        url, {"course_kind": "fundamentals", "per_month": "20", "starts_on": "2025-04-01"}
    )
    assert again.status_code == 400
    assert "already a target for this course from April 2025" in again.content.decode()
    assert TrainingTarget.objects.count() == 1
