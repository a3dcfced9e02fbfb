"""Improvement programmes: the registry programme, splitting a cohort into teams, team projects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qls.capability.coaching import mentoring, programmes
from qls.capability.coaching.errors import ProgrammeError
from qls.capability.models import ImprovementProgramme, ProgrammeTeam
from qls.projects.models import Programme, ProjectMember
from tests.factories.capability_coaching import (
    CoachFactory,
    ProgrammeTeamFactory,
    cohort_with_participants,
)
from tests.factories.organisation import StaffMemberFactory, StrategicAimFactory
from tests.factories.projects import ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_system_wide_programme_gets_a_system_team_programme_in_the_registry():
    programme = programmes.create_programme(
        name="System cohort 2025", kind=ImprovementProgramme.Kind.SYSTEM_WIDE
    )
    assert programme.registry_programme.kind == Programme.Kind.SYSTEM_TEAM
    with pytest.raises(ProgrammeError, match="already has a programme called"):
        programmes.create_programme(
            name="System cohort 2025", kind=ImprovementProgramme.Kind.IMPROVEMENT
        )
    assert ImprovementProgramme.objects.count() == 1


def test_twenty_four_participants_split_into_three_mixed_teams_of_eight():
    cohort = cohort_with_participants(staff=16, partners=8)
    programme = programmes.create_programme(
        name="System cohort", kind=ImprovementProgramme.Kind.SYSTEM_WIDE, cohort=cohort
    )
    teams = programmes.split_into_teams(programme=programme, teams=3)
    assert [t.name for t in teams] == ["Team 1", "Team 2", "Team 3"]
    assert [t.members.count() for t in teams] == [8, 8, 8]
    for team in teams:
        partners = sum(1 for p in team.members.all() if p.is_partner)
        assert 2 <= partners <= 3, "each team mixes partners and trust staff"
    everyone = [p.pk for t in teams for p in t.members.all()]
    assert len(everyone) == len(set(everyone)) == 24
    with pytest.raises(ProgrammeError, match="already have members"):
        programmes.split_into_teams(programme=programme, teams=4)


def test_deal_keeps_team_sizes_within_one():
    cohort = cohort_with_participants(staff=10, partners=0)
    people = programmes.programme_participants(ImprovementProgramme(name="x", cohort=cohort))
    sizes = [len(t) for t in programmes.deal_into_teams(people, 3)]
    assert sorted(sizes) == [3, 3, 4]


def test_splitting_without_participants_or_into_too_many_teams_is_refused():
    empty = programmes.create_programme(name="Empty", kind="improvement")
    with pytest.raises(ProgrammeError, match="nobody to split"):
        programmes.split_into_teams(programme=empty, teams=3)
    small = programmes.create_programme(
        name="Small", kind="improvement", cohort=cohort_with_participants(2, 0, name="Small")
    )
    with pytest.raises(ProgrammeError, match="at most 2 teams"):
        programmes.split_into_teams(programme=small, teams=3)


def test_team_project_puts_members_sro_and_coach_on_the_registry_project():
    cohort = cohort_with_participants(staff=4, partners=2)
    programme = programmes.create_programme(
        name="Frailty programme", kind="system_wide", cohort=cohort
    )
    team = programmes.split_into_teams(programme=programme, teams=1)[0]
    team.sro = StaffMemberFactory()
    team.coach = CoachFactory()
    team.save()
    lead = team.members.exclude(staff=None).first().staff
    project = programmes.create_team_project(
        team=team,
        title="Frailty at the front door",
        problem="Long waits",
        aim_statement="Halve waits by March",
        strategic_aims=[StrategicAimFactory()],
        lead=lead,
    )
    roles = {(m.staff_id, m.role) for m in project.members.all()}
    assert (lead.pk, "lead") in roles
    assert (team.sro_id, "sponsor") in roles
    assert (team.coach.staff_id, "coach") in roles
    assert sum(1 for _s, r in roles if r == "member") == 3
    assert project.programme == programme.registry_programme
    team.refresh_from_db()
    assert team.project == project


def test_team_project_is_not_created_when_the_coach_is_full():
    team = ProgrammeTeamFactory(coach=CoachFactory(capacity=1))
    mentoring.assign_coach(coach=team.coach, project=ProjectFactory())
    before = ProjectMember.objects.count()
    with pytest.raises(ProgrammeError, match=r"The project was not created: .*at capacity"):
        programmes.create_team_project(
            team=team,
            title="T",
            problem="P",
            aim_statement="A",
            strategic_aims=[StrategicAimFactory()],
            lead=StaffMemberFactory(),
        )
    assert ProjectMember.objects.count() == before
    team.refresh_from_db()
    assert team.project is None


def test_split_and_link_through_the_pages(client, personas):
    cohort = cohort_with_participants(staff=6, partners=0)
    client.force_login(personas["improvement"])
    response = client.post(
        reverse("capability:programme_new"),
        {"name": "Cross-site programme", "kind": "improvement", "cohort": cohort.pk},
    )
    programme = ImprovementProgramme.objects.get(name="Cross-site programme")
    assert response.status_code == 302
    response = client.post(reverse("capability:programme_split", args=[programme.pk]), {"teams": 2})
    assert response.status_code == 302
    team = ProgrammeTeam.objects.filter(programme=programme).first()
    project = ProjectFactory()
    response = client.post(
        reverse("capability:team_project", args=[team.pk]),
        {"action": "link", "link-project": project.pk},
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.project == project
    project.refresh_from_db()
    assert project.programme == programme.registry_programme
    page = client.get(reverse("capability:programme", args=[programme.pk])).content.decode()
    assert project.title in page
