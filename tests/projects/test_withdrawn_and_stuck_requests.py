"""A lead withdraws a waiting stage request; when the coach has left or lets a
request wait, the improvement team decides it and the lead is told who will;
a closed project is read-only until it is reopened with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from qls.projects import actions
from qls.projects.access import can_decide, who_decides
from qls.projects.errors import ProjectError
from qls.projects.models import Evaluation, Stage, StageChange
from qls.projects.services.lists import pending_approvals
from tests.factories.projects import project_with_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas):
    project = project_with_team(personas)
    project.stage = Stage.SCOPING
    project.save()
    return project


def _ask(project, personas):
    return actions.request_stage_change(
        project=project, to_stage=Stage.TESTING, by=personas["lead"], note="Ready to test"
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("lead", True), ("improvement", True), ("admin", True), ("coach", False),
     ("staff", False), ("analyst", False), ("executive", False), ("norole", False)],
)  # fmt: skip
def test_a_waiting_request_is_withdrawn_by_the_asker_or_the_team(
    client, personas, project, who, allowed
):
    change = _ask(project, personas)
    client.force_login(personas[who])
    response = client.post(reverse("projects:withdraw", args=[project.pk, change.pk]))
    change.refresh_from_db()
    project.refresh_from_db()
    assert project.stage == Stage.SCOPING
    if allowed:
        assert response.status_code == 302
        assert change.status == StageChange.Status.WITHDRAWN
        assert change.approved_by == personas[who]
        # The way is clear to ask again.
        assert _ask(project, personas).status == StageChange.Status.REQUESTED
    else:
        assert response.status_code == 403
        assert change.status == StageChange.Status.REQUESTED


def test_a_decided_request_cannot_be_withdrawn(personas, project):
    change = _ask(project, personas)
    actions.decide_stage_change(change=change, by=personas["coach"], approve=True)
    with pytest.raises(ProjectError, match="already been decided"):
        actions.withdraw_stage_change(change=change, by=personas["lead"])


def test_the_coach_decides_and_the_lead_is_told_so(personas, project):
    change = _ask(project, personas)
    assert who_decides(change).startswith("Coach")  # the persona's staff record name
    assert can_decide(personas["coach"], change)
    assert not can_decide(personas["improvement"], change)
    assert change not in pending_approvals(personas["improvement"])


def test_when_the_coach_has_left_the_improvement_team_decides(client, personas, project):
    change = _ask(project, personas)
    coach = personas["coach"]
    coach.is_active = False
    coach.save()
    assert who_decides(change) == (
        "The improvement team will decide, because the project's coach has left or no "
        "longer coaches."
    )
    assert can_decide(personas["improvement"], change)
    assert change in pending_approvals(personas["improvement"])
    client.force_login(personas["lead"])
    page = client.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "The improvement team will decide, because the project&#x27;s coach has left" in page
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("projects:decide", args=[project.pk, change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.TESTING


def test_a_request_left_waiting_passes_to_the_improvement_team(personas, project, settings):
    settings.QLS_STAGE_REQUEST_WAIT_DAYS = 10
    change = _ask(project, personas)
    assert not can_decide(personas["improvement"], change)
    StageChange.objects.filter(pk=change.pk).update(at=timezone.now() - dt.timedelta(days=12))
    change.refresh_from_db()
    assert "waited 12 days" in who_decides(change)
    assert can_decide(personas["improvement"], change)
    assert can_decide(personas["coach"], change)  # the coach still may
    assert change in pending_approvals(personas["improvement"])


def _close(project, personas):
    Evaluation.objects.create(project=project, aim_achieved="yes", completed_by=personas["lead"])
    actions.close_project(
        project=project, by=personas["lead"], outcome="sustained", reason="Embedded in practice"
    )
    project.refresh_from_db()


def test_a_closed_project_is_read_only_for_everyone(client, personas, project):
    _close(project, personas)
    for who in ("lead", "coach", "improvement", "admin"):
        client.force_login(personas[who])
        for name in ("edit", "team", "stage", "evaluation", "measure_new"):
            response = client.get(reverse(f"projects:{name}", args=[project.pk]))
            assert response.status_code == 403, (who, name)
        response = client.post(
            reverse("projects:edit", args=[project.pk]), {"title": "Renamed after closing"}
        )
        assert response.status_code == 403
    project.refresh_from_db()
    assert project.title != "Renamed after closing"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("lead", True), ("coach", True), ("improvement", True), ("admin", True),
     ("staff", False), ("analyst", False), ("executive", False), ("norole", False)],
)  # fmt: skip
def test_reopening_needs_a_reason_and_the_right_person(client, personas, project, who, allowed):
    _close(project, personas)
    client.force_login(personas[who])
    url = reverse("projects:reopen", args=[project.pk])
    if not allowed:
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "Try again"}).status_code == 403
        project.refresh_from_db()
        assert project.is_closed
        return
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Say why the project is being reopened" in refused.content.decode()
    project.refresh_from_db()
    assert project.is_closed
    response = client.post(url, {"reason": "Falls rose again after the team moved on"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == Stage.SCOPING  # the stage it closed from
    assert project.closure_outcome == ""
    last = project.stage_changes.order_by("-pk").first()
    assert (last.from_stage, last.to_stage, last.by) == ("closed", "scoping", personas[who])
    assert last.note == "Reopened: Falls rose again after the team moved on"
    assert client.get(reverse("projects:project", args=[project.pk])).status_code == 200


def test_closing_withdraws_a_waiting_request(personas, project):
    change = _ask(project, personas)
    _close(project, personas)
    change.refresh_from_db()
    assert change.status == StageChange.Status.WITHDRAWN
