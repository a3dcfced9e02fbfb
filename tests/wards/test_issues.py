"""Engagement events and issues: the public page, screening, limits and follow-up rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.projects.models import Project
from qls.wards.actions.escalations import escalate, respond_to_escalation
from qls.wards.actions.events import submit_issue
from qls.wards.actions.fixes import create_action, update_action
from qls.wards.actions.projects import start_project
from qls.wards.actions.sorting import categorise_issue, mark_duplicate
from qls.wards.errors import ActionOwnerMissing, EventNotOpen, IssueError, PatientIdentifierFound
from qls.wards.models import Action, Escalation, Issue
from tests.factories.organisation import StaffMemberFactory
from tests.factories.wards import EngagementEventFactory, IssueFactory

pytestmark = pytest.mark.django_db

VALID_NHS_NUMBER = "943 476 5919"


@pytest.fixture
def event():
    return EngagementEventFactory()


def _submit(client, event, text="Hoist slings are never where we need them", **extra):
    return client.post(
        reverse("wards:submit", args=[event.token]), {"text": text, "staff_role": "", **extra}
    )


def test_anyone_may_raise_an_issue_without_signing_in(client, event):
    response = _submit(client, event)
    assert response.status_code == 302
    issue = Issue.objects.get()
    assert issue.event == event
    assert issue.submitted_by is None
    assert issue.category == "uncategorised"
    page = client.get(response["Location"])
    assert "Thank you: your issue has been raised" in page.content.decode()


def test_signed_in_staff_are_recorded_as_the_person_raising(client, personas, event):
    client.force_login(personas["staff"])
    _submit(client, event)
    assert Issue.objects.get().submitted_by == personas["staff"]


def test_an_issue_with_an_nhs_number_is_refused_and_nothing_is_saved(client, event):
    response = _submit(client, event, text=f"Patient {VALID_NHS_NUMBER} fell twice")
    assert response.status_code == 200
    assert "Remove the NHS number from issue" in response.content.decode()
    assert not Issue.objects.exists()


def test_an_issue_after_the_event_closed_is_refused(client):
    closed = EngagementEventFactory(
        opens_at=timezone.now() - dt.timedelta(days=3),
        closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    response = _submit(client, closed)
    assert response.status_code == 200
    assert "This event closed to new issues" in response.content.decode()
    assert not Issue.objects.exists()
    with pytest.raises(EventNotOpen, match="closed to new issues"):
        submit_issue(event=closed, text="Too late")


def test_an_issue_before_the_event_opens_is_refused(event):
    event.opens_at = timezone.now() + dt.timedelta(hours=2)
    event.closes_at = timezone.now() + dt.timedelta(days=2)
    event.save()
    with pytest.raises(EventNotOpen, match="opens for issues at"):
        submit_issue(event=event, text="Too early")


def test_submissions_are_rate_limited_per_device(client, event, settings):
    settings.WARDS_ISSUE_LIMIT = 3
    for n in range(3):
        assert _submit(client, event, text=f"Issue number {n}").status_code == 302
    response = _submit(client, event, text="One too many")
    assert response.status_code == 429
    assert "You have raised 3 issues in the last 10 minutes" in response.content.decode()
    assert Issue.objects.count() == 3


def test_the_limit_holds_across_sessions_from_one_address(client, event, settings):
    settings.WARDS_ISSUE_LIMIT = 2
    _submit(client, event)
    _submit(client, event)
    client.cookies.clear()  # a fresh session, same address
    assert _submit(client, event).status_code == 429


def test_an_action_without_an_owner_is_refused(event):
    issue = IssueFactory(event=event)
    with pytest.raises(ActionOwnerMissing, match="Choose who owns this action"):
        create_action(issue=issue, description="Label the drawers", owner=None, due=None)
    assert not Action.objects.exists()
    issue.refresh_from_db()
    assert issue.category == "uncategorised"


def test_the_action_page_names_the_owner_field_when_missing(client, personas, event):
    issue = IssueFactory(event=event)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("wards:issue_action", args=[issue.pk]),
        {"description": "Label the drawers", "owner": "", "due": "2030-01-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose who owns this action" in html
    assert 'href="#id_owner"' in html
    assert not Action.objects.exists()


def test_a_fix_is_tracked_to_done_and_closes_its_issue(event):
    issue = IssueFactory(event=event)
    owner = StaffMemberFactory()
    action = create_action(
        issue=issue, description="Label the drawers", owner=owner, due=dt.date(2030, 1, 1)
    )
    issue.refresh_from_db()
    assert (issue.category, issue.status) == ("fix", "in_progress")
    update_action(action=action, status="done")
    action.refresh_from_db()
    issue.refresh_from_db()
    assert action.done_at is not None
    assert issue.status == "done"


def test_duplicates_follow_the_first_issue(event):
    first, second, third = IssueFactory.create_batch(3, event=event)
    mark_duplicate(issue=second, of=first)
    mark_duplicate(issue=third, of=second)  # points at the first of the group
    third.refresh_from_db()
    assert third.duplicate_of == first
    categorise_issue(issue=first, category="change")
    assert set(Issue.objects.values_list("category", flat=True)) == {"change"}
    with pytest.raises(IssueError, match="repeat itself"):
        mark_duplicate(issue=first, of=first)
    with pytest.raises(IssueError, match="follow up the first issue"):
        create_action(
            issue=Issue.objects.get(pk=second.pk),
            description="x",
            owner=StaffMemberFactory(),
            due=dt.date(2030, 1, 1),
        )


def test_improve_creates_a_project_prefilled_from_the_issue(event, reference_data, personas):
    from qls.organisation.models import StrategicAim

    issue = IssueFactory(event=event, text="Discharge letters wait for a doctor every morning")
    lead = StaffMemberFactory(ward=event.journey.ward)
    project = start_project(
        issue=issue, lead=lead, aims=StrategicAim.objects.filter(number=1), by=personas["staff"]
    )
    issue.refresh_from_db()
    assert issue.project == project
    assert (issue.category, issue.status) == ("improve", "in_progress")
    assert project.problem == issue.text
    assert project.ward == event.journey.ward
    assert project.category == Project.Category.IMPROVE
    assert project.stage == Project.Stage.IDEA
    assert project.members.get().staff == lead
    assert project.programme.kind == "ward_wave"


def test_improve_needs_a_strategic_aim(event, reference_data):
    issue = IssueFactory(event=event)
    with pytest.raises(IssueError, match="at least one strategic aim"):
        start_project(issue=issue, lead=StaffMemberFactory(), aims=[])
    assert not Project.objects.exists()


def test_change_is_escalated_and_answered_on_we_said_we_did(client, personas, event):
    issue = IssueFactory(event=event, text="We need a second hoist on the ward")
    escalation = escalate(issue=issue, level="division", owner=StaffMemberFactory())
    respond_to_escalation(escalation=escalation, response="A second hoist was bought")
    issue.refresh_from_db()
    assert issue.status == "done"
    client.force_login(personas["staff"])
    html = client.get(reverse("wards:we_said_we_did")).content.decode()
    assert "We need a second hoist on the ward" in html
    assert "A second hoist was bought" in html
    assert Escalation.objects.count() == 1


def test_an_escalation_response_is_screened(event):
    issue = IssueFactory(event=event)
    escalation = escalate(issue=issue, level="trust", owner=StaffMemberFactory())
    with pytest.raises(PatientIdentifierFound):
        respond_to_escalation(escalation=escalation, response=f"Fixed {VALID_NHS_NUMBER}")
    escalation.refresh_from_db()
    assert escalation.response == ""


def test_qr_code_is_an_svg_of_the_public_link(client, personas, event):
    client.force_login(personas["staff"])
    response = client.get(reverse("wards:event_qr", args=[event.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
