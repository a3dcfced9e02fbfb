"""Who may read, edit and approve a project: the one place these rules live.

* Read: every signed-in person (the login middleware keeps others out).
* Edit: the project's team (lead, members, sponsor, coach), and anyone with
  ``projects.change_any_project`` (the improvement team and admins).
* Approve a stage change past scoping: the project's coach; where the
  project has no coach, or the coach asked for the move, holders of
  ``projects.change_any_project``, who oversee the programme. Nobody
  decides on a request they made.
  When the coach has left or no longer coaches, or the request has waited
  more than ``QLS_STAGE_REQUEST_WAIT_DAYS`` (10), the improvement team may
  decide it too.
* Withdraw a waiting request: whoever asked, a project lead, the improvement team.
* A closed project is read-only; its leads, its coach or the improvement
  team reopen it, with a reason.
* Confirm the IHI progress score (or choose another, with a reason): the
  project's coach and the improvement team; never its leads or members,
  who do not score their own project. A closed project's score may still
  be confirmed: the last rungs are often judged at closure.
* Name a project's coach: only holders of ``projects.change_any_project``
  (the improvement team), and only a person with the QI coach role.

Views call ``get_project`` / ``get_editable_project`` on their first line,
so a check cannot be forgotten in one view and kept in another.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qls.accounts.roles import Role
from qls.projects.models import Project, ProjectMember, StageChange
from qls.projects.permissions import CHANGE_ANY_PROJECT


def staff_member_of(user: Any):
    """The user's staff directory record, or None (partners, admins without one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_member
    except ObjectDoesNotExist:
        return None


def team_roles(user: Any, project: Project) -> set[str]:
    """The roles the user holds on the project's team (empty if none)."""
    staff = staff_member_of(user)
    if staff is None:
        return set()
    cache = getattr(project, "_team_roles_cache", None)
    if cache is None:
        cache = {}
        project._team_roles_cache = cache  # type: ignore[attr-defined]
    if staff.pk not in cache:
        cache[staff.pk] = set(
            ProjectMember.objects.filter(project=project, staff=staff).values_list(
                "role", flat=True
            )
        )
    return cache[staff.pk]


def can_edit(user: Any, project: Project) -> bool:
    """A closed project is read-only for everyone until it is reopened."""
    if not getattr(user, "is_authenticated", False) or project.is_closed:
        return False
    if user.has_perm(CHANGE_ANY_PROJECT):
        return True
    return bool(team_roles(user, project))


def has_coach(project: Project) -> bool:
    return project.members.filter(role=ProjectMember.Role.COACH).exists()


def can_approve(user: Any, project: Project) -> bool:
    """May this person approve or refuse the project's stage changes?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if ProjectMember.Role.COACH in team_roles(user, project):
        return True
    return user.has_perm(CHANGE_ANY_PROJECT) and not has_coach(project)


def can_decide(user: Any, change: StageChange) -> bool:
    """May this person approve or refuse this requested stage change?

    Never the person who asked for it: an approval is a second pair of eyes.
    When the coach asked, the improvement team decides instead.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if change.by_id is not None and change.by_id == user.pk:
        return False
    project = change.project
    if can_approve(user, project):
        return True
    return user.has_perm(CHANGE_ANY_PROJECT) and bool(improvement_team_decides(change))


def wait_days() -> int:
    """How long a request waits for the coach before the improvement team may decide it."""
    return int(getattr(settings, "QLS_STAGE_REQUEST_WAIT_DAYS", 10))


def available_coach(project: Project):
    """The project's coach if they can still decide: on the staff list, able to sign
    in, and still holding the QI coach role. None if there is no such person."""
    for member in project.members.filter(role=ProjectMember.Role.COACH).select_related(
        "staff__user"
    ):
        staff = member.staff
        user = staff.user
        if staff.active and user is not None and user.is_active and holds_coach_role(staff):
            return staff
    return None


def improvement_team_decides(change: StageChange, now: Any = None) -> str:
    """Why the improvement team decides this request instead of the coach ("" if
    the coach decides)."""
    project = change.project
    if not has_coach(project):
        return "the project has no coach"
    if requested_by_coach(change):
        return "the coach asked for the move"
    if available_coach(project) is None:
        return "the project's coach has left or no longer coaches"
    waited = ((now or timezone.now()) - change.at).days
    if waited > wait_days():
        return f"the request has waited {waited} days for the coach"
    return ""


def who_decides(change: StageChange, now: Any = None) -> str:
    """A sentence for the person waiting: who will decide their request."""
    reason = improvement_team_decides(change, now)
    if reason:
        return f"The improvement team will decide, because {reason}."
    coach = available_coach(change.project)
    return (
        f"{coach.full_name}, the project's coach, will decide. If they have not decided "
        f"within {wait_days()} days, the improvement team can."
    )


def can_withdraw(user: Any, change: StageChange) -> bool:
    """Who asked for the move, a project lead, or the improvement team."""
    if not getattr(user, "is_authenticated", False):
        return False
    if change.by_id is not None and change.by_id == user.pk:
        return True
    if ProjectMember.Role.LEAD in team_roles(user, change.project):
        return True
    return user.has_perm(CHANGE_ANY_PROJECT)


def can_reopen(user: Any, project: Project) -> bool:
    """A closed project is reopened by its leads, its coach or the improvement team."""
    if not getattr(user, "is_authenticated", False) or not project.is_closed:
        return False
    if user.has_perm(CHANGE_ANY_PROJECT):
        return True
    return bool(team_roles(user, project) & {ProjectMember.Role.LEAD, ProjectMember.Role.COACH})


def requested_by_coach(change: StageChange) -> bool:
    return (
        change.by_id is not None
        and ProjectMember.objects.filter(
            project_id=change.project_id, role=ProjectMember.Role.COACH, staff__user_id=change.by_id
        ).exists()
    )


def can_confirm_score(user: Any, project: Project) -> bool:
    """The coach or the improvement team confirms the score; the team never its own."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = team_roles(user, project)
    if roles & {ProjectMember.Role.LEAD, ProjectMember.Role.MEMBER}:
        return False
    return ProjectMember.Role.COACH in roles or user.has_perm(CHANGE_ANY_PROJECT)


def can_name_coach(user: Any) -> bool:
    """Naming a project's coach is the improvement team's call, never the team's own."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(CHANGE_ANY_PROJECT))


def holds_coach_role(staff: Any) -> bool:
    """Has this staff member a sign-in with the QI coach role?"""
    return bool(staff.user_id and staff.user.groups.filter(name=Role.QI_COACH).exists())


def get_project(request: Any, pk: int, queryset: Any = None) -> Project:
    """The project for reading: every signed-in person may read every project."""
    return get_object_or_404(queryset if queryset is not None else Project.objects, pk=pk)


def get_editable_project(request: Any, pk: int, queryset: Any = None) -> Project:
    """The project for changing, or ``PermissionDenied`` for people outside its team."""
    project = get_project(request, pk, queryset)
    if not can_edit(request.user, project):
        if project.is_closed:
            raise PermissionDenied("The project is closed: reopen it to change it")
        raise PermissionDenied("Only the project's team, its coach and the improvement team")
    return project
