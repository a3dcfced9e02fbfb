"""Action learning sets: meetings, attendance and who may run them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.capability.coaching import sets
from qls.capability.coaching.errors import SetMeetingError
from qls.capability.models import ActionLearningSet, SetAttendance
from tests.factories.capability_coaching import ActionLearningSetFactory, SetMeetingFactory
from tests.factories.organisation import StaffMemberFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def test_scheduling_refuses_a_day_already_taken_and_adds_nothing():
    learning_set = ActionLearningSetFactory()
    day = timezone.localdate() + dt.timedelta(days=10)
    sets.schedule_meetings(learning_set=learning_set, dates=[day])
    with pytest.raises(SetMeetingError, match="already meets on"):
        sets.schedule_meetings(learning_set=learning_set, dates=[day + dt.timedelta(weeks=4), day])
    assert learning_set.meetings.count() == 1


def test_attendance_marks_every_member_and_only_after_the_meeting():
    members = StaffMemberFactory.create_batch(3)
    learning_set = ActionLearningSetFactory(members=members)
    future = SetMeetingFactory(set=learning_set, date=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(SetMeetingError, match="has not happened yet"):
        sets.record_attendance(meeting=future, present=[members[0].pk])
    past = SetMeetingFactory(set=learning_set)
    sets.record_attendance(meeting=past, present=[members[0].pk], notes="Good session")
    rows = {a.member_id: a.present for a in SetAttendance.objects.filter(meeting=past)}
    assert rows == {members[0].pk: True, members[1].pk: False, members[2].pk: False}
    sets.record_attendance(meeting=past, present=[m.pk for m in members])
    assert SetAttendance.objects.filter(meeting=past, present=True).count() == 3
    with pytest.raises(SetMeetingError, match="Only members"):
        sets.record_attendance(meeting=past, present=[StaffMemberFactory().pk])


def test_the_facilitator_runs_their_set_without_a_manager_permission(client, personas):
    facilitator = StaffMemberFactory(user=personas["lead"])
    learning_set = ActionLearningSetFactory(facilitator=facilitator, members=[StaffMemberFactory()])
    client.force_login(personas["lead"])
    response = client.post(
        reverse("capability:set_meetings", args=[learning_set.pk]),
        {"first_date": "2/2/2026", "count": 3, "every_weeks": 4, "venue": "Library"},
    )
    assert response.status_code == 302
    assert learning_set.meetings.count() == 3
    client.force_login(personas["coach"])
    assert client.get(reverse("capability:set_meetings", args=[learning_set.pk])).status_code == 403


def test_notes_are_for_the_set_only(client, personas):
    member = StaffMemberFactory(user=personas["staff"])
    learning_set = ActionLearningSetFactory(members=[member])
    SetMeetingFactory(set=learning_set, notes="Private reflections")
    url = reverse("capability:set", args=[learning_set.pk])
    client.force_login(personas["staff"])
    assert "Private reflections" in client.get(url).content.decode()
    client.force_login(personas["analyst"])
    assert "Private reflections" not in client.get(url).content.decode()


def test_managers_create_a_set_with_members_and_projects_by_number(client, personas):
    facilitator, a, b = StaffMemberFactory.create_batch(3)
    project = ProjectFactory()
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("capability:set_new"),
        {
            "name": "Flow set",
            "facilitator": facilitator.staff_number,
            "members": f"{a.staff_number}, {b.staff_number}",
            "project_numbers": str(project.pk),
            "active": "on",
        },
    )
    assert response.status_code == 302
    learning_set = ActionLearningSet.objects.get(name="Flow set")
    assert set(learning_set.members.all()) == {a, b}
    assert list(learning_set.projects.all()) == [project]
    response = client.post(
        reverse("capability:set_edit", args=[learning_set.pk]),
        {
            "name": "Flow set",
            "facilitator": facilitator.staff_number,
            "members": "123",
            "project_numbers": "x",
        },
    )
    html = response.content.decode()
    assert "No one in the staff directory has the staff number or email &#x27;123&#x27;" in html
    assert "x is not a project number" in html
