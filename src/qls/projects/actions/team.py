"""Adding people to a project's team, naming its coach, and removing members."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qls.organisation.models import StaffMember
from qls.projects import access
from qls.projects.errors import (
    CoachError,
    TeamError,
)
from qls.projects.models import (
    Project,
    ProjectMember,
)
from qls.projects.signals import naming_coach


@transaction.atomic
def add_member(*, project: Project, staff: StaffMember, role: str, by: Any = None) -> ProjectMember:
    if project.members.filter(staff=staff, role=role).exists():
        raise TeamError(f"{staff.full_name} is already on the team as {role}.")
    if role == ProjectMember.Role.COACH:
        return name_coach(project=project, staff=staff, by=by)
    if (
        role in (ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER)
        and project.members.filter(staff=staff, role=ProjectMember.Role.COACH).exists()
    ):
        raise TeamError(
            f"{staff.full_name} coaches this project, so cannot also be on its team: "
            "a coach approves the team's stage moves from outside it."
        )
    return ProjectMember.objects.create(project=project, staff=staff, role=role)


def name_coach(*, project: Project, staff: StaffMember, by: Any) -> ProjectMember:
    """Every path that names a coach in this app comes here (registration, the team page).

    The improvement team names coaches, from people with the QI coach role
    who do not lead or work on the project; the coaching app's receiver of
    ``naming_coach`` then applies the coach pool's capacity rule.
    """
    if not access.can_name_coach(by):
        raise CoachError(
            "Only the improvement team can name a project's coach: ask them to allocate "
            "one from the coach pool."
        )
    if not access.holds_coach_role(staff):
        raise CoachError(
            f"{staff.full_name} does not hold the QI coach role, so cannot be named "
            "the project's coach."
        )
    doers = (ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER)
    if project.members.filter(staff=staff, role__in=doers).exists():
        raise CoachError(
            f"{staff.full_name} is on the project's team, so cannot also be its coach: "
            "a coach approves the team's stage moves from outside it."
        )
    return add_coach(project=project, staff=staff, by=by)


@transaction.atomic
def add_coach(*, project: Project, staff: StaffMember, by: Any = None) -> ProjectMember:
    """Write ``staff`` onto the team as its coach, once the coach pool's rules allow it.

    The coaching app allocates coaches from its pool through this, having
    checked who may allocate; the registry's own paths (registration, the team
    page) come through ``name_coach`` first. ``naming_coach`` lets the pool
    refuse a coach who is inactive or at capacity.
    """
    if project.members.filter(staff=staff, role=ProjectMember.Role.COACH).exists():
        raise TeamError(f"{staff.full_name} already coaches this project.")
    naming_coach.send(sender=Project, project=project, staff=staff)
    return ProjectMember.objects.create(project=project, staff=staff, role=ProjectMember.Role.COACH)


@transaction.atomic
def remove_member(*, membership: ProjectMember) -> None:
    project = Project.objects.select_for_update().get(pk=membership.project_id)
    if (
        membership.role == ProjectMember.Role.LEAD
        and project.members.filter(role=ProjectMember.Role.LEAD).count() == 1
    ):
        raise TeamError("A project needs a lead: add another lead before removing this one.")
    membership.delete()
