"""Personal lists: a person's projects and the stage changes waiting for their decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from qls.projects.models import Evidence, Project, ProjectMember, StageChange


def project_queryset() -> QuerySet[Project]:
    return Project.objects.select_related("site", "ward", "specialty", "programme")


def my_projects(user: Any) -> QuerySet[Project]:
    """Projects the user created or is on the team of, newest first."""
    staff = getattr(user, "staff_member", None) if hasattr(user, "staff_member") else None
    condition = Q(created_by=user)
    if staff is not None:
        condition |= Q(members__staff=staff)
    return (
        project_queryset()
        .filter(condition)
        .distinct()
        .prefetch_related(
            Prefetch("members", queryset=ProjectMember.objects.select_related("staff"))
        )
        .order_by("-updated_at")
    )


def pending_approvals(user: Any) -> QuerySet[StageChange]:
    """Stage changes waiting for this person's decision (as a project's coach), never their own."""
    from qls.projects.permissions import CHANGE_ANY_PROJECT

    # Through the sign-in, not a staff record looked up first: one query in all.
    condition = Q(pk__in=[])
    if getattr(user, "is_authenticated", False):
        condition |= Q(
            project__members__staff__user=user, project__members__role=ProjectMember.Role.COACH
        )
    if user.has_perm(CHANGE_ANY_PROJECT):
        coached = ProjectMember.objects.filter(role=ProjectMember.Role.COACH).values("project")
        condition |= ~Q(project__in=coached)
        # The coach's own requests come to the improvement team: nobody approves their own.
        asked_by_coach = ProjectMember.objects.filter(
            project=OuterRef("project"),
            role=ProjectMember.Role.COACH,
            staff__user=OuterRef("by"),
        )
        condition |= Q(Exists(asked_by_coach))
        # A coach who has left or no longer coaches cannot decide; nor can one
        # who has let the request wait too long (access.improvement_team_decides).
        from qls.accounts.roles import Role
        from qls.projects.access import wait_days

        available = ProjectMember.objects.filter(
            project=OuterRef("project"),
            role=ProjectMember.Role.COACH,
            staff__active=True,
            staff__user__is_active=True,
            staff__user__groups__name=Role.QI_COACH,
        )
        condition |= ~Q(Exists(available))
        condition |= Q(at__lte=timezone.now() - dt.timedelta(days=wait_days() + 1))
    return (
        StageChange.objects.filter(status=StageChange.Status.REQUESTED)
        .filter(condition)
        .exclude(by=user)
        .select_related("project", "by")
        .distinct()
        .order_by("at")
    )


def today() -> dt.date:
    return dt.date.today()


def recent_evidence(limit: int = 5) -> list[Evidence]:
    """The latest evidence of improvement found across projects, newest signal first."""
    return list(
        Evidence.objects.filter(found=True, first_period__isnull=False)
        .select_related("measure__project")
        .order_by("-first_period", "-pk")[:limit]
    )
