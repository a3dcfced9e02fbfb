"""The demo's System Quality Group: six meetings over the last year that tell the truth."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qls.demo import steps as demo_steps
from qls.demo.build import build_demo
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.meetings.queries import visible_meetings
from qls.system.models import QualityRisk

pytestmark = pytest.mark.django_db

STEPS = {"system-risks", "system-meetings"}


@pytest.fixture
def built(db, monkeypatch):
    monkeypatch.setattr(demo_steps, "STEPS", demo_steps.only(*STEPS))
    build_demo(staff_count=120, log=lambda _: None)


def test_six_held_meetings_over_the_last_year_with_members(built):
    meetings = list(Meeting.objects.order_by("starts_at"))
    assert len(meetings) == 6
    now = timezone.now()
    assert all(now - dt.timedelta(days=366) < m.starts_at < now for m in meetings)
    assert {m.status for m in meetings} == {Meeting.Status.HELD}
    for meeting in meetings:
        members = set(meeting.members.all())
        assert meeting.chair in members
        assert len({m.organisation_id for m in members}) >= 5


def test_every_meeting_reviews_demo_risks_with_minutes_and_decisions(built):
    for meeting in Meeting.objects.all():
        reviews = meeting.items.filter(kind=AgendaItem.Kind.REVIEW)
        assert reviews.count() == 3
        assert all(i.minutes and i.decisions for i in reviews)
        assert set(QualityRisk.objects.filter(pk__in=reviews.values("risk"))) <= set(
            QualityRisk.objects.all()
        )


def test_actions_are_carried_forward_until_done(built):
    assert MeetingAction.objects.filter(status="done").count() == 3
    assert MeetingAction.objects.filter(status="open").count() == 3
    assert not MeetingAction.objects.filter(status="done", done_by=None).exists()
    meetings = list(Meeting.objects.order_by("starts_at"))
    for action in MeetingAction.objects.select_related("item__meeting"):
        set_at = action.item.meeting.starts_at
        later = [m for m in meetings if m.starts_at > set_at]
        carried_to = [m for m in later if m.items.filter(carried_action=action).exists()]
        if action.status == "open":
            assert carried_to == later  # on every later agenda
        else:
            assert carried_to == [m for m in later if m.starts_at < action.done_at]
            assert len(carried_to) == 1


def test_the_system_lead_sees_every_meeting_and_the_partner_those_they_sit_on(built):
    from qls.accounts.models import User

    assert visible_meetings(User.objects.get(username="system")).count() == 6
    assert visible_meetings(User.objects.get(username="partner")).count() == 6  # a member of each


def test_a_rebuild_replaces_the_meetings_not_doubles_them(built):
    # Carried actions are protected by the later items that carry them: the reset frees them.
    build_demo(staff_count=120, force=True, log=lambda _: None)
    assert Meeting.objects.count() == 6
    assert AgendaItem.objects.filter(kind=AgendaItem.Kind.ACTION).exists()
