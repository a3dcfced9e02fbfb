"""Improvement programmes and system-wide cohorts: teams, wicked problems and team projects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qls.capability.coaching.errors import CoachingError, ProgrammeError
from qls.capability.coaching.mentoring import assign_coach
from qls.capability.models import (
    PLACE_HOLDING,
    Cohort,
    ImprovementProgramme,
    Participant,
    ProgrammeTeam,
)
from qls.organisation.models import Site, StaffMember, StrategicAim
from qls.projects import actions as projects_actions
from qls.projects.errors import ProjectError
from qls.projects.models import Programme, Project

REGISTRY_KIND: dict[str, str] = {
    ImprovementProgramme.Kind.IMPROVEMENT: Programme.Kind.OTHER,
    ImprovementProgramme.Kind.SYSTEM_WIDE: Programme.Kind.SYSTEM_TEAM,
}


def create_programme(
    *,
    name: str,
    kind: str,
    description: str = "",
    cohort: Cohort | None = None,
    sites: Iterable[Site] = (),
    by: Any = None,
) -> ImprovementProgramme:
    """Create the programme and its row in the project registry, together."""
    if Programme.objects.filter(name=name).exists():
        raise ProgrammeError(
            f"The project registry already has a programme called {name!r}. Choose another name."
        )
    try:
        with transaction.atomic():
            registry = Programme.objects.create(
                name=name, kind=REGISTRY_KIND[kind], description=description
            )
            programme = ImprovementProgramme.objects.create(
                name=name,
                kind=kind,
                description=description,
                cohort=cohort,
                registry_programme=registry,
            )
            programme.sites.set(sites)
    except IntegrityError:
        raise ProgrammeError(f"A programme called {name!r} already exists.") from None
    return programme


def programme_participants(programme: ImprovementProgramme) -> list[Participant]:
    """Everyone holding a place on the programme's cohort (none without a cohort)."""
    if programme.cohort_id is None:
        return []
    return list(
        Participant.objects.filter(
            enrolments__cohort_id=programme.cohort_id, enrolments__status__in=PLACE_HOLDING
        )
        .select_related("staff__organisation", "staff__site", "organisation")
        .distinct()
    )


def _mixing_key(person: Participant) -> tuple[str, str, str, int]:
    site = person.staff.site if person.staff is not None else None
    return (person.organisation_name, site.name if site else "", person.display_name, person.pk)


def deal_into_teams(people: Sequence[Participant], teams: int) -> list[list[Participant]]:
    """Split people into ``teams`` teams whose sizes differ by at most one.

    People are sorted by organisation and site, then dealt like cards, so each
    team mixes organisations and sites rather than grouping colleagues:
    24 people in 3 teams gives three teams of eight, 10 in 3 gives 4, 3 and 3.
    """
    if teams < 1:
        raise ProgrammeError("Choose at least one team.")
    ordered = sorted(people, key=_mixing_key)
    dealt: list[list[Participant]] = [[] for _ in range(teams)]
    for index, person in enumerate(ordered):
        dealt[index % teams].append(person)
    return dealt


def split_into_teams(
    *, programme: ImprovementProgramme, teams: int, by: Any = None
) -> list[ProgrammeTeam]:
    """Put the cohort's participants into ``teams`` new teams (Team 1, Team 2, ...)."""
    people = programme_participants(programme)
    if not people:
        raise ProgrammeError(
            "This programme has nobody to split: link it to a cohort with participants first."
        )
    if teams > len(people):
        raise ProgrammeError(
            f"There are only {len(people)} participants, so at most {len(people)} teams."
        )
    if ProgrammeTeam.objects.filter(programme=programme, members__isnull=False).exists():
        raise ProgrammeError(
            "This programme's teams already have members. Change the teams one by one instead."
        )
    with transaction.atomic():
        ProgrammeTeam.objects.filter(programme=programme).delete()
        created = []
        for number, members in enumerate(deal_into_teams(people, teams), start=1):
            team = ProgrammeTeam.objects.create(programme=programme, name=f"Team {number}")
            team.members.set(members)
            created.append(team)
    return created


def link_team_project(*, team: ProgrammeTeam, project: Project, by: Any = None) -> ProgrammeTeam:
    with transaction.atomic():
        team.project = project
        team.save(update_fields=["project"])
        registry = team.programme.registry_programme
        if registry is not None and project.programme_id is None:
            projects_actions.update_project(
                project=project,
                fields={"programme": registry},
                strategic_aims=project.strategic_aims.all(),
                domains=project.domains.all(),
                tags=", ".join(project.tags.values_list("name", flat=True)),
            )
    return team


def create_team_project(
    *,
    team: ProgrammeTeam,
    title: str,
    problem: str,
    aim_statement: str,
    strategic_aims: Iterable[StrategicAim],
    lead: StaffMember,
    category: str = Project.Category.CHANGE,
    coproduction_level: str = Project.Coproduction.INVOLVING,
    start_date: date | None = None,
    by: Any = None,
) -> Project:
    """Register the team's project, with the team, SRO (sponsor) and coach on it.

    The coach is added through ``assign_coach`` so their capacity is respected;
    if they are at capacity nothing is created and the reason is given.
    """
    aims = list(strategic_aims)
    if not aims:
        raise ProgrammeError("Choose at least one strategic aim for the project.")
    members = [p.staff for p in team.members.exclude(staff__isnull=True).select_related("staff")]
    with transaction.atomic():
        try:
            project = projects_actions.register_project(
                by=by,
                fields={
                    "title": title,
                    "problem": problem,
                    "aim_statement": aim_statement,
                    "start_date": start_date or timezone.localdate(),
                    "category": category,
                    "coproduction_level": coproduction_level,
                    "programme": team.programme.registry_programme,
                },
                strategic_aims=aims,
                lead=lead,
                members=members,
                sponsor=team.sro,
            )
        except ProjectError as error:
            raise ProgrammeError(f"The project was not created: {error}") from None
        if team.coach is not None:
            try:
                assign_coach(coach=team.coach, project=project, by=by)
            except CoachingError as error:
                raise ProgrammeError(f"The project was not created: {error}") from None
        team.project = project
        team.save(update_fields=["project"])
    return project
