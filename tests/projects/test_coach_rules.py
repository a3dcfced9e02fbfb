"""Who may name a project's coach, who may be named, and who decides on a stage move.

A team member who could make themselves (or a colleague without the coach
role) the coach would then approve their own team's stage moves, outside
the coach pool's capacity. These tests hold each way round that shut.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from qls.projects import actions
from qls.projects.errors import CoachError, StageChangeError, TeamError
from qls.projects.models import Project, ProjectMember, StageChange
from qls.projects.services.lists import pending_approvals
from tests.factories.capability_coaching import CoachFactory
from tests.factories.organisation import StaffMemberFactory, StrategicAimFactory
from tests.factories.projects import ProjectFactory, project_with_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(personas):
    return project_with_team(personas)


def _coach_of(project):
    return project.members.get(role=ProjectMember.Role.COACH).staff


def _pool(staff, capacity=3):
    return CoachFactory(staff=staff, capacity=capacity)


def test_a_lead_cannot_name_themselves_coach_on_the_team_page(client, personas, project):
    lead = project.members.get(role="lead").staff
    client.force_login(personas["lead"])
    response = client.post(
        reverse("projects:team", args=[project.pk]), {"staff": lead.staff_number, "role": "coach"}
    )
    assert response.status_code == 200
    assert not project.members.filter(staff=lead, role="coach").exists()
    assert b"Select a valid choice" in response.content


def test_the_team_page_offers_the_coach_role_only_to_the_improvement_team(
    client, personas, project
):
    client.force_login(personas["lead"])
    page = client.get(reverse("projects:team", args=[project.pk])).content.decode()
    assert 'value="coach"' not in page
    client.force_login(personas["improvement"])
    page = client.get(reverse("projects:team", args=[project.pk])).content.decode()
    assert 'value="coach"' in page


def test_the_action_refuses_a_team_member_naming_a_coach(personas, project):
    colleague = StaffMemberFactory()
    with pytest.raises(CoachError, match="Only the improvement team"):
        actions.add_member(project=project, staff=colleague, role="coach", by=personas["lead"])
    assert not project.members.filter(staff=colleague).exists()


def test_a_person_without_the_coach_role_cannot_be_named_coach(personas, project):
    colleague = StaffMemberFactory(first_name="Ada", last_name="Quill")
    _pool(colleague)
    with pytest.raises(CoachError, match="Ada Quill does not hold the QI coach role"):
        actions.add_member(
            project=project, staff=colleague, role="coach", by=personas["improvement"]
        )
    assert not project.members.filter(staff=colleague).exists()


def test_a_coach_outside_the_pool_has_no_capacity_to_be_named(personas):
    project = ProjectFactory()
    coach = StaffMemberFactory(user=personas["coach"])
    with pytest.raises(CoachError, match="not an active coach in the coach pool"):
        actions.add_member(project=project, staff=coach, role="coach", by=personas["improvement"])


def test_a_coach_at_capacity_is_refused_on_the_team_page(client, personas):
    coach = StaffMemberFactory(user=personas["coach"], first_name="Tom", last_name="Okafor")
    _pool(coach, capacity=1)
    busy = ProjectFactory()
    ProjectMember.objects.create(project=busy, staff=coach, role="coach")
    project = ProjectFactory()
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("projects:team", args=[project.pk]), {"staff": coach.staff_number, "role": "coach"}
    )
    assert response.status_code == 200
    assert "Tom Okafor is at capacity (1 of 1 projects)" in response.content.decode()
    assert not project.members.exists()


def test_the_improvement_team_names_a_pool_coach_with_room(client, personas):
    coach = StaffMemberFactory(user=personas["coach"])
    _pool(coach, capacity=2)
    project = ProjectFactory()
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("projects:team", args=[project.pk]), {"staff": coach.staff_number, "role": "coach"}
    )
    assert response.status_code == 302
    assert project.members.filter(staff=coach, role="coach").exists()


def test_a_team_member_cannot_also_be_the_coach(personas, project):
    lead = project.members.get(role="lead").staff
    lead.user.groups.add(*personas["coach"].groups.all())
    _pool(lead)
    with pytest.raises(CoachError, match="is on the project's team"):
        actions.add_member(project=project, staff=lead, role="coach", by=personas["improvement"])
    with pytest.raises(TeamError, match="coaches this project"):
        actions.add_member(project=project, staff=_coach_of(project), role="member")


# ---------------------------------------------------------------- registration


def _register_data(**extra):
    return {
        "title": "Fewer falls on Ash Ward",
        "problem": "Falls at night",
        "aim_statement": "Reduce falls by 30% by March 2026",
        "strategic_aims": [StrategicAimFactory().pk],
        "start_date": "2025-01-06",
        "category": "improve",
        "coproduction_level": "involving",
        **extra,
    }


def test_registration_by_staff_names_no_coach_even_if_one_is_posted(
    client, personas, reference_data
):
    StaffMemberFactory(user=personas["staff"])
    coach = StaffMemberFactory(user=personas["coach"])
    _pool(coach)
    client.force_login(personas["staff"])
    assert 'name="coach"' not in client.get(reverse("projects:new")).content.decode()
    response = client.post(reverse("projects:new"), _register_data(coach=coach.pk))
    assert response.status_code == 302
    assert not Project.objects.get().members.filter(role="coach").exists()


def test_registration_by_the_improvement_team_applies_the_capacity_rule(personas):
    coach = StaffMemberFactory(user=personas["coach"], first_name="Tom", last_name="Okafor")
    _pool(coach, capacity=0)
    with pytest.raises(CoachError, match="Tom Okafor is at capacity"):
        actions.register_project(
            by=personas["improvement"],
            fields={
                "title": "Fewer falls",
                "problem": "Falls at night",
                "aim_statement": "Reduce falls by 30% by March",
                "start_date": dt.date(2025, 1, 6),
                "category": "improve",
                "coproduction_level": "involving",
            },
            strategic_aims=[StrategicAimFactory()],
            lead=StaffMemberFactory(),
            coach=coach,
        )
    assert not Project.objects.exists()


# ---------------------------------------------------------------- deciding


def test_nobody_decides_on_their_own_request_through_the_page(client, personas, project):
    change = actions.request_stage_change(project=project, to_stage="testing", by=personas["coach"])
    client.force_login(personas["coach"])
    response = client.post(
        reverse("projects:decide", args=[project.pk, change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    change.refresh_from_db()
    assert change.status == StageChange.Status.REQUESTED
    project.refresh_from_db()
    assert project.stage == "idea"


def test_the_coachs_request_is_listed_for_the_improvement_team_not_the_coach(personas, project):
    change = actions.request_stage_change(project=project, to_stage="testing", by=personas["coach"])
    assert change not in pending_approvals(personas["coach"])
    assert change in pending_approvals(personas["improvement"])
    change.delete()
    by_lead = actions.request_stage_change(project=project, to_stage="testing", by=personas["lead"])
    assert by_lead in pending_approvals(personas["coach"])
    assert by_lead not in pending_approvals(personas["lead"])
    assert by_lead not in pending_approvals(personas["improvement"])


def test_the_improvement_team_cannot_approve_its_own_request_on_a_coachless_project(
    personas, project
):
    project.members.filter(role="coach").delete()
    change = actions.request_stage_change(
        project=project, to_stage="testing", by=personas["improvement"]
    )
    assert change.status == StageChange.Status.REQUESTED
    with pytest.raises(StageChangeError, match="You asked for this move"):
        actions.decide_stage_change(change=change, by=personas["improvement"], approve=True)
    actions.decide_stage_change(change=change, by=personas["admin"], approve=True)
    project.refresh_from_db()
    assert project.stage == "testing"
