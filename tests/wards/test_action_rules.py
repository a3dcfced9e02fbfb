"""The ward programme's actions (qls.wards.actions): each one's success, and each refusal
leaving nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from qls.wards.actions.escalations import escalate, respond_to_escalation
from qls.wards.actions.events import create_event, submit_issue
from qls.wards.actions.fixes import create_action, update_action
from qls.wards.actions.nominations import nominate
from qls.wards.actions.plan import plan_ward
from qls.wards.actions.projects import start_project
from qls.wards.actions.sorting import categorise_issue, mark_duplicate, set_issue_not_taken_forward
from qls.wards.actions.stages import advance_stage
from qls.wards.errors import (
    ActionOwnerMissing,
    EventNotOpen,
    IssueError,
    PatientIdentifierFound,
    PlanError,
    StageError,
)
from qls.wards.models import Action, EngagementEvent, Escalation, Issue, Nomination, WardJourney
from tests.factories.organisation import StaffMemberFactory, WardFactory
from tests.factories.wards import (
    EngagementEventFactory,
    IssueFactory,
    WardJourneyFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db

NHS_NUMBER = "943 476 5919"
TOMORROW = dt.timedelta(days=1)


@pytest.fixture
def issue():
    return IssueFactory()


@pytest.fixture
def owner():
    return StaffMemberFactory()


# ------------------------------------------------------------------ planning and stages


def test_a_ward_is_planned_once_into_a_wave_of_its_own_site():
    wave = WaveFactory()
    ward = WardFactory(site=wave.site)
    journey = plan_ward(programme=wave.programme, ward=ward, wave=wave)
    assert (journey.ward, journey.wave) == (ward, wave)
    with pytest.raises(PlanError):
        plan_ward(programme=wave.programme, ward=ward, wave=wave)
    assert WardJourney.objects.count() == 1


def test_a_ward_of_another_site_or_a_wave_of_another_programme_is_refused():
    wave, other = WaveFactory(), WaveFactory()
    with pytest.raises(PlanError, match=f"wave {wave.number} is at"):
        plan_ward(programme=wave.programme, ward=WardFactory(), wave=wave)
    with pytest.raises(PlanError, match="another programme"):
        plan_ward(programme=other.programme, ward=WardFactory(site=wave.site), wave=wave)
    assert not WardJourney.objects.exists()


def test_a_stage_moves_on_and_is_dated_but_not_past_the_last_or_while_paused():
    journey = WardJourneyFactory()
    first = journey.stage
    moved = advance_stage(journey=journey, on=dt.date(2026, 5, 1))
    assert moved.stage != first
    assert getattr(moved, f"{moved.stage}_on") == dt.date(2026, 5, 1)
    WardJourney.objects.filter(pk=journey.pk).update(status=WardJourney.Status.PAUSED)
    with pytest.raises(StageError, match="paused"):
        advance_stage(journey=journey)
    WardJourney.objects.filter(pk=journey.pk).update(
        status=WardJourney.Status.ON_TRACK, stage="sustain"
    )
    with pytest.raises(StageError, match="last stage"):
        advance_stage(journey=journey)
    assert WardJourney.objects.get(pk=journey.pk).stage == "sustain"


# ------------------------------------------------------------------ events and issues


def test_an_event_must_close_after_it_opens():
    journey = WardJourneyFactory()
    now = timezone.now()
    with pytest.raises(EventNotOpen, match="closing time"):
        create_event(journey=journey, date=now.date(), opens_at=now, closes_at=now)
    assert not EngagementEvent.objects.exists()
    event = create_event(journey=journey, date=now.date(), opens_at=now, closes_at=now + TOMORROW)
    assert event.title == f"{journey.ward.name} engagement event"


def test_an_issue_is_refused_before_the_event_opens_or_when_empty():
    later = EngagementEventFactory(
        opens_at=timezone.now() + TOMORROW, closes_at=timezone.now() + 2 * TOMORROW
    )
    with pytest.raises(EventNotOpen, match="opens for issues"):
        submit_issue(event=later, text="Too early", client_keys=["k"])
    with pytest.raises(IssueError, match="Enter the issue"):
        submit_issue(event=EngagementEventFactory(), text="  ", client_keys=["k"])
    assert not Issue.objects.exists()


def test_sorting_refuses_an_unknown_category_and_a_change_after_follow_up(issue, owner):
    with pytest.raises(IssueError, match="Choose fix, improve or change"):
        categorise_issue(issue=issue, category="later")
    create_action(issue=issue, description="", owner=owner, due=timezone.localdate())
    with pytest.raises(IssueError, match="already has"):
        categorise_issue(issue=issue, category="change")
    issue.refresh_from_db()
    assert issue.category == "fix"
    assert categorise_issue(issue=issue, category="fix") is issue  # unchanged


def test_duplicates_travel_with_the_issue_they_repeat(issue):
    repeat = IssueFactory(event=issue.event)
    mark_duplicate(issue=repeat, of=issue)
    categorise_issue(issue=issue, category="improve")
    repeat.refresh_from_db()
    assert repeat.duplicate_of == issue
    assert repeat.category == "improve"
    with pytest.raises(IssueError, match="repeats another one"):
        set_issue_not_taken_forward(issue=repeat)
    mark_duplicate(issue=repeat, of=None)
    repeat.refresh_from_db()
    assert repeat.duplicate_of is None


def test_grouping_refuses_itself_another_event_the_reverse_and_followed_issues(issue, owner):
    with pytest.raises(IssueError, match="cannot repeat itself"):
        mark_duplicate(issue=issue, of=issue)
    with pytest.raises(IssueError, match="same event"):
        mark_duplicate(issue=issue, of=IssueFactory())
    other = IssueFactory(event=issue.event)
    mark_duplicate(issue=other, of=issue)
    with pytest.raises(IssueError, match="other way round"):
        mark_duplicate(issue=issue, of=other)
    followed = IssueFactory(event=issue.event)
    create_action(issue=followed, description="", owner=owner, due=timezone.localdate())
    with pytest.raises(IssueError, match="cannot be grouped"):
        mark_duplicate(issue=followed, of=issue)
    assert Issue.objects.filter(duplicate_of__isnull=False).count() == 1


# ------------------------------------------------------------------ follow-up


def test_an_action_needs_an_owner_and_a_date_not_past_and_no_patient_identifier(issue, owner):
    today = timezone.localdate()
    with pytest.raises(ActionOwnerMissing) as missing:
        create_action(issue=issue, description="x", owner=None, due=today)
    assert missing.value.field == "owner"
    with pytest.raises(IssueError) as no_date:
        create_action(issue=issue, description="x", owner=owner, due=None)
    assert no_date.value.field == "due"
    with pytest.raises(IssueError, match="has passed"):
        create_action(issue=issue, description="x", owner=owner, due=today - TOMORROW)
    with pytest.raises(PatientIdentifierFound):
        create_action(issue=issue, description=f"Ring {NHS_NUMBER}", owner=owner, due=today)
    assert not Action.objects.exists()
    issue.refresh_from_db()
    assert (issue.category, issue.status) == ("uncategorised", "new")


def test_an_action_sorts_the_issue_as_a_fix_and_closing_every_action_closes_it(issue, owner):
    first = create_action(issue=issue, description="", owner=owner, due=timezone.localdate())
    second = create_action(issue=issue, description="Two", owner=owner, due=timezone.localdate())
    issue.refresh_from_db()
    assert (issue.category, issue.status, first.description) == ("fix", "in_progress", issue.text)
    with pytest.raises(IssueError, match="Choose open, in progress or done"):
        update_action(action=first, status="finished")
    update_action(action=first, status="done")
    issue.refresh_from_db()
    assert issue.status == "in_progress"
    update_action(action=second, status="done")
    issue.refresh_from_db()
    assert issue.status == "done"
    assert second.done_at is not None


def test_an_escalation_needs_an_owner_a_level_and_happens_once(issue, owner):
    with pytest.raises(ActionOwnerMissing):
        escalate(issue=issue, level="trust", owner=None)
    with pytest.raises(IssueError) as level:
        escalate(issue=issue, level="board", owner=owner)
    assert level.value.field == "level"
    assert not Escalation.objects.exists()
    escalation = escalate(issue=issue, level="division", owner=owner)
    issue.refresh_from_db()
    assert issue.category == "change"
    with pytest.raises(IssueError, match="already been escalated"):
        escalate(issue=issue, level="trust", owner=owner)
    assert Escalation.objects.get() == escalation


def test_a_response_is_required_screened_and_closes_the_issue(issue, owner):
    escalation = escalate(issue=issue, level="trust", owner=owner)
    with pytest.raises(IssueError) as empty:
        respond_to_escalation(escalation=escalation, response="  ")
    assert empty.value.field == "response"
    with pytest.raises(PatientIdentifierFound):
        respond_to_escalation(escalation=escalation, response=f"Saw {NHS_NUMBER}")
    escalation.refresh_from_db()
    assert escalation.responded_at is None
    respond_to_escalation(escalation=escalation, response="A second hoist was bought")
    issue.refresh_from_db()
    assert issue.status == "done"


def test_a_project_needs_a_lead_and_an_aim(issue, owner):
    with pytest.raises(IssueError) as lead:
        start_project(issue=issue, lead=None, aims=[1], title="t", by=None)
    assert lead.value.field == "lead"
    with pytest.raises(IssueError) as aims:
        start_project(issue=issue, lead=owner, aims=[], title="t", by=None)
    assert aims.value.field == "aims"
    issue.refresh_from_db()
    assert issue.project_id is None


def test_not_taking_an_issue_forward_marks_it_and_its_duplicates(issue):
    repeat = IssueFactory(event=issue.event)
    mark_duplicate(issue=repeat, of=issue)
    set_issue_not_taken_forward(issue=issue)
    assert set(Issue.objects.values_list("status", flat=True)) == {"not_taken_forward"}


def test_a_person_is_nominated_once_at_an_event(owner):
    event = EngagementEventFactory()
    nominate(event=event, staff=owner)
    with pytest.raises(IssueError, match="already nominated"):
        nominate(event=event, staff=owner)
    assert Nomination.objects.count() == 1
