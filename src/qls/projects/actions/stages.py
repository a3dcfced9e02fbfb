"""Requesting, deciding and withdrawing a move between stages."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.projects import access
from qls.projects.errors import StageChangeError
from qls.projects.models import (
    STAGE_ORDER,
    Project,
    Stage,
    StageChange,
)

# Stages a project may only move forward into with its coach's approval.
NEEDS_APPROVAL = frozenset({Stage.TESTING, Stage.IMPLEMENTING, Stage.SUSTAINING})


def needs_approval(from_stage: str, to_stage: str) -> bool:
    """Moving forward into testing, implementing or sustaining needs the coach."""
    forward = STAGE_ORDER.index(to_stage) > STAGE_ORDER.index(from_stage)
    return forward and to_stage in NEEDS_APPROVAL


@transaction.atomic
def request_stage_change(
    *, project: Project, to_stage: str, by: Any, note: str = ""
) -> StageChange:
    """Move the project, or ask its coach to approve the move.

    A move that needs no approval takes effect at once. A move that does
    waits for a decision even when the coach asks for it, because nobody
    approves their own request (the improvement team decides the coach's).
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to_stage not in STAGE_ORDER:
        raise StageChangeError(f"'{to_stage}' is not a stage.")
    if to_stage == Stage.CLOSED:
        raise StageChangeError("Close a project with its evaluation and an outcome.")
    if project.is_closed:
        raise StageChangeError("The project is closed; its stage can no longer change.")
    if to_stage == project.stage:
        raise StageChangeError(
            f"The project is already at the {project.get_stage_display().lower()} stage."
        )
    if project.stage_changes.filter(status=StageChange.Status.REQUESTED).exists():
        raise StageChangeError("A stage change is already waiting for approval.")
    change = StageChange(
        project=project, from_stage=project.stage, to_stage=to_stage, by=by, note=note
    )
    if not needs_approval(project.stage, to_stage):
        change.status = StageChange.Status.APPROVED
        change.decided_at = timezone.now()
        change.save()
        project.stage = to_stage
        project.save(update_fields=["stage", "updated_at"])
    else:
        change.save()
    return change


@transaction.atomic
def decide_stage_change(
    *, change: StageChange, by: Any, approve: bool, note: str = ""
) -> StageChange:
    """The coach approves (the project moves) or refuses (it stays) a requested move."""
    change = StageChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    project = change.project
    if change.status != StageChange.Status.REQUESTED:
        raise StageChangeError("This request has already been decided.")
    if change.by_id is not None and change.by_id == getattr(by, "pk", None):
        raise StageChangeError(
            "You asked for this move, so someone else must decide on it: "
            "the project's coach, or the improvement team if you are the coach."
        )
    if not access.can_decide(by, change):
        raise StageChangeError("Only the project's coach can approve or refuse a stage change.")
    if approve and project.stage != change.from_stage:
        raise StageChangeError(
            "The project's stage has changed since the request; refuse it and ask again."
        )
    change.status = StageChange.Status.APPROVED if approve else StageChange.Status.REFUSED
    change.approved_by = by
    change.decided_at = timezone.now()
    change.decision_note = note
    change.save()
    if approve:
        project.stage = change.to_stage
        project.save(update_fields=["stage", "updated_at"])
    return change


@transaction.atomic
def withdraw_stage_change(*, change: StageChange, by: Any) -> StageChange:
    """Take back a request nobody has decided yet; the project stays where it is."""
    change = StageChange.objects.select_for_update().select_related("project").get(pk=change.pk)
    if change.status != StageChange.Status.REQUESTED:
        raise StageChangeError("This request has already been decided, so it cannot be withdrawn.")
    if not access.can_withdraw(by, change):
        raise StageChangeError(
            "Only the person who asked, a project lead or the improvement team can withdraw it."
        )
    change.status = StageChange.Status.WITHDRAWN
    change.approved_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "approved_by", "decided_at"])
    return change
