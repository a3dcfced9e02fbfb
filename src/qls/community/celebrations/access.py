"""Who may see and do what at a celebration: the one place these rules live.

* Events, submissions, the gallery and the programme: every role
  (``community.view_celebrationevent``).
* Create an event (``community.add_celebrationevent``); name the panel, set
  the programme and give awards (``community.change_celebrationevent``):
  the improvement team and admins.
* Submit a project: a lead or member of its team, while submissions are open.
* Score: a judge on the event's panel, never on a project they belong to.
  See the scores and shortlist: the panel and the improvement team.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from qls.community.celebrations.models import CelebrationEvent, Judge, Submission
from qls.community.celebrations.permissions import ADD, MANAGE, VIEW
from qls.projects.access import staff_member_of


def require(user: Any, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def can_create(user: Any) -> bool:
    return user.has_perm(ADD)


def can_manage(user: Any) -> bool:
    return user.has_perm(MANAGE)


def get_event(user: Any, pk: int) -> CelebrationEvent:
    require(user, VIEW)
    return get_object_or_404(CelebrationEvent, pk=pk)


def get_managed_event(user: Any, pk: int) -> CelebrationEvent:
    require(user, MANAGE)
    return get_object_or_404(CelebrationEvent, pk=pk)


def get_submission(user: Any, pk: int) -> Submission:
    require(user, VIEW)
    return get_object_or_404(
        Submission.objects.select_related("event", "project", "presenter", "award"), pk=pk
    )


def judge_for(user: Any, event: CelebrationEvent) -> Judge | None:
    staff = staff_member_of(user)
    if staff is None:
        return None
    return Judge.objects.filter(event=event, staff=staff).first()


def can_see_scores(user: Any, event: CelebrationEvent) -> bool:
    return can_manage(user) or judge_for(user, event) is not None


def can_shortlist(user: Any, event: CelebrationEvent) -> bool:
    return can_see_scores(user, event)
