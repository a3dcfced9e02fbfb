"""Nominations flow into Practitioner enrolment; the dashboard counts what happened."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.capability.models import Cohort, Enrolment
from qls.wards import dashboard, nomination_enrolment
from qls.wards.actions.fixes import create_action, update_action
from qls.wards.actions.nominations import nominate
from qls.wards.errors import IssueError
from qls.wards.models import Nomination
from tests.factories.capability import CohortFactory, CourseFactory
from tests.factories.organisation import StaffMemberFactory
from tests.factories.wards import EngagementEventFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EngagementEventFactory()


def test_without_a_cohort_a_nomination_awaits_one(event, personas):
    nomination = nominate(event=event, staff=StaffMemberFactory(), by=personas["staff"])
    assert nomination.enrolment is None
    assert nomination_enrolment.nomination_status(nomination) == "Awaiting a cohort"


def test_a_nomination_enrols_on_the_next_practitioner_cohort(event, personas):
    course = CourseFactory(practitioner=True)
    later = CohortFactory(course=course, start_date=timezone.localdate() + dt.timedelta(days=90))
    planned = CohortFactory(
        course=course,
        start_date=timezone.localdate() + dt.timedelta(days=30),
        status=Cohort.Status.PLANNED,
    )
    CohortFactory(course=CourseFactory(fundamentals=True))  # not a Practitioner course
    nomination = nominate(event=event, staff=StaffMemberFactory(), by=personas["improvement"])
    enrolment = nomination.enrolment
    assert enrolment.cohort == planned != later
    assert (enrolment.status, enrolment.source) == ("nominated", "ward_event")
    assert "Nominated" in nomination_enrolment.nomination_status(nomination)


def test_waiting_nominations_are_placed_when_a_cohort_opens(event, personas):
    nomination = nominate(event=event, staff=StaffMemberFactory(), by=personas["staff"])
    CohortFactory(course=CourseFactory(practitioner=True))
    assert nomination_enrolment.enrol_waiting() == 1
    nomination.refresh_from_db()
    assert nomination.enrolment.status == Enrolment.Status.ENROLLED


def test_nominating_twice_at_one_event_is_refused(event):
    person = StaffMemberFactory()
    nominate(event=event, staff=person)
    with pytest.raises(IssueError, match="already nominated"):
        nominate(event=event, staff=person)
    assert Nomination.objects.count() == 1


def test_dashboard_counts_issues_fixes_projects_and_nominations(event, client, personas):
    programme = event.journey.programme
    programme.sites.add(event.journey.ward.site)
    owner = StaffMemberFactory()
    quick, slow = IssueFactory.create_batch(2, event=event)
    IssueFactory(event=event)  # still unsorted
    now = timezone.now()
    fast = create_action(
        issue=quick, description="a", owner=owner, due=dt.date(2030, 1, 1),
        now=now - dt.timedelta(days=40),
    )  # fmt: skip
    update_action(action=fast, status="done", now=now - dt.timedelta(days=30))
    late = create_action(
        issue=slow, description="b", owner=owner, due=dt.date(2030, 1, 1),
        now=now - dt.timedelta(days=80),
    )  # fmt: skip
    update_action(action=late, status="done", now=now - dt.timedelta(days=2))
    nominate(event=event, staff=StaffMemberFactory())
    built = dashboard.build(programme)
    assert built.issue_total == 3
    assert built.issues["fix"]["done"] == 2
    assert built.issues["uncategorised"]["new"] == 1
    assert (built.fixes_done, built.fixes_done_30) == (2, 1)
    assert built.fixes_30_share == 50
    assert built.nominated == 1
    client.force_login(personas["executive"])
    html = client.get(reverse("wards:index"), {"programme": programme.pk}).content.decode()
    assert "Programme dashboard" in html
    assert "of fixes closed within 30 days (1 of 2)" in html
    client.force_login(personas["staff"])
    html = client.get(reverse("wards:index"), {"programme": programme.pk}).content.decode()
    assert "Programme dashboard" not in html
