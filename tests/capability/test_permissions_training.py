"""Who may reach each training page of /learning/, for every persona.

200 shown, 302 done and sent back (POST actions), 403 refused, 404 hidden:
someone else's enrolment or survey is "not found" rather than advertised.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.capability.models import Course, Enrolment, TrainingTarget
from qls.capability.training import surveys
from tests.factories.accounts import PERSONAS
from tests.factories.capability import (
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    ParticipantFactory,
)
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db

EVERYONE = set(PERSONAS) - {"norole"}
MANAGERS = {"improvement", "admin"}
NOMINATORS = {"lead", "improvement", "admin"}
REPORTS = {"improvement", "executive", "admin"}
OWNER = {"staff"}


@pytest.fixture
def world(personas):
    course = CourseFactory(fundamentals=True)
    cohort = CohortFactory(course=course, start_date=timezone.localdate() - dt.timedelta(days=1))
    owner_staff = StaffMemberFactory(user=personas["staff"])
    mine = EnrolmentFactory(
        cohort=cohort,
        participant=ParticipantFactory(staff=owner_staff),
        status=Enrolment.Status.COMPLETED,
        completed_at=timezone.now(),
        certificate_number="QLS-2026-000001",
    )
    survey = surveys.send_survey(mine, phase="post")
    target = TrainingTarget.objects.create(
        course_kind=Course.Kind.FUNDAMENTALS, per_month=10, starts_on=dt.date(2020, 4, 1)
    )
    return {
        "target": target.pk,
        "course": course.pk,
        "cohort": cohort.pk,
        "session": cohort.sessions.first().pk,
        "mine": mine.pk,
        "survey": survey.pk,
        "staff_number": owner_staff.staff_number,
    }


def own(others_status: int):
    """Allowed: the owner and the improvement team; other roles get others_status."""
    return OWNER | MANAGERS, others_status


# (method, url name, argument key, allowed personas, status for other roles)
PAGES = [
    ("get", "capability:index", None, EVERYONE, 403),
    ("get", "capability:courses", None, EVERYONE, 403),
    ("get", "capability:course", "course", EVERYONE, 403),
    ("get", "capability:course_new", None, MANAGERS, 403),
    ("get", "capability:course_edit", "course", MANAGERS, 403),
    ("get", "capability:cohorts", None, EVERYONE, 403),
    ("get", "capability:cohort", "cohort", EVERYONE, 403),
    ("get", "capability:cohort_new", None, MANAGERS, 403),
    ("get", "capability:planner", None, MANAGERS, 403),
    ("get", "capability:cohort_edit", "cohort", MANAGERS, 403),
    ("get", "capability:nominate", "cohort", NOMINATORS, 403),
    ("get", "capability:add_partner", "cohort", MANAGERS, 403),
    ("get", "capability:register", "session", MANAGERS, 403),
    ("get", "capability:my_training", None, EVERYONE, 403),
    ("get", "capability:staff_training", "staff_number", MANAGERS, 403),
    ("get", "capability:reports", None, REPORTS, 403),
    ("get", "capability:report_targets", None, MANAGERS, 403),
    ("post", "capability:report_target_delete", "target", MANAGERS, 403),
    ("get", "capability:cancel", "mine", OWNER | MANAGERS, 404),
    ("get", "capability:certificate", "mine", OWNER | MANAGERS, 404),
    ("get", "capability:offer", "mine", OWNER, 404),
    ("get", "capability:survey", "survey", OWNER, 404),
    ("post", "capability:apply", "cohort", EVERYONE, 403),
    ("post", "capability:cohort_open", "cohort", MANAGERS, 403),
    ("post", "capability:cohort_completions", "cohort", MANAGERS, 403),
]


def _url(name, key, world):
    return reverse(name, args=[world[key]]) if key else reverse(name)


def _expected(persona, allowed, otherwise, method):
    if persona in allowed:
        return 302 if method == "post" else 200
    if persona == "norole":
        return 403
    return otherwise


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_role_reaches_only_its_training_pages(client, personas, world, persona):
    client.force_login(personas[persona])
    wrong = []
    for method, name, key, allowed, otherwise in PAGES:
        expected = _expected(persona, allowed, otherwise, method)
        got = getattr(client, method)(_url(name, key, world)).status_code
        if got != expected:
            wrong.append(f"{method} {name}: expected {expected}, got {got}")
    for fmt in ("csv", "xlsx"):
        url = reverse("capability:report_download", args=["trained", fmt])
        got = client.get(url).status_code
        expected = 200 if persona in REPORTS else 403
        if got != expected:
            wrong.append(f"download {fmt}: expected {expected}, got {got}")
    # Completing a booking: the improvement team only; the owner is refused,
    # other people do not see the booking at all.
    got = client.post(reverse("capability:complete", args=[world["mine"]])).status_code
    expected = 302 if persona in MANAGERS else 403 if persona in OWNER | {"norole"} else 404
    if got != expected:
        wrong.append(f"post complete: expected {expected}, got {got}")
    assert not wrong, f"{persona}: " + "; ".join(wrong)


def test_anonymous_visitors_are_sent_to_log_in(client, personas, world):
    login = reverse("accounts:login")
    for method, name, key, *_ in PAGES:
        response = getattr(client, method)(_url(name, key, world))
        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name
