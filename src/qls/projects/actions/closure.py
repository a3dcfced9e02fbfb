"""Closing a project, reopening it, and saving its evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.core.screening import screen
from qls.projects.errors import ClosureError
from qls.projects.models import (
    Evaluation,
    Project,
    Stage,
    StageChange,
)


@transaction.atomic
def close_project(*, project: Project, by: Any, outcome: str, reason: str) -> StageChange:
    """Close with an outcome (spread, sustained or stopped) and a reason; needs the evaluation."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.is_closed:
        raise ClosureError("The project is already closed.")
    if not Evaluation.objects.filter(project=project).exists():
        raise ClosureError("Complete the evaluation before closing the project.")
    if outcome not in Project.ClosureOutcome.values:
        raise ClosureError("Choose whether the change spread, was sustained or was stopped.")
    if not reason.strip():
        raise ClosureError("Say why the project is closing.")
    project.stage_changes.filter(status=StageChange.Status.REQUESTED).update(
        status=StageChange.Status.WITHDRAWN,
        decided_at=timezone.now(),
        decision_note="Withdrawn: the project closed.",
    )
    change = StageChange.objects.create(
        project=project,
        from_stage=project.stage,
        to_stage=Stage.CLOSED,
        by=by,
        note=reason,
        status=StageChange.Status.APPROVED,
        decided_at=timezone.now(),
    )
    project.stage = Stage.CLOSED
    project.closure_outcome = outcome
    project.closure_reason = reason
    project.save(update_fields=["stage", "closure_outcome", "closure_reason", "updated_at"])
    return change


@transaction.atomic
def reopen_project(*, project: Project, by: Any, reason: str) -> StageChange:
    """Bring a closed project back to the stage it closed from, with a reason that
    stays in its stage history."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not project.is_closed:
        raise ClosureError("The project is not closed.")
    reason = (reason or "").strip()
    if not reason:
        raise ClosureError("Say why the project is being reopened.")
    problems = screen({"Reason": reason})
    if problems:
        raise ClosureError(" ".join(problems.values()))
    closing = (
        project.stage_changes.filter(to_stage=Stage.CLOSED, status=StageChange.Status.APPROVED)
        .order_by("-at", "-pk")
        .first()
    )
    back_to = closing.from_stage if closing and closing.from_stage != Stage.CLOSED else Stage.IDEA
    change = StageChange.objects.create(
        project=project,
        from_stage=Stage.CLOSED,
        to_stage=back_to,
        by=by,
        note=f"Reopened: {reason}",
        status=StageChange.Status.APPROVED,
        decided_at=timezone.now(),
    )
    project.stage = back_to
    project.closure_outcome = ""
    project.closure_reason = ""
    project.save(update_fields=["stage", "closure_outcome", "closure_reason", "updated_at"])
    return change


@transaction.atomic
def save_evaluation(*, project: Project, by: Any, fields: Mapping[str, Any]) -> Evaluation:
    evaluation = Evaluation.objects.filter(project=project).first() or Evaluation(project=project)
    for name, value in fields.items():
        setattr(evaluation, name, value)
    evaluation.completed_by = by
    evaluation.save()
    return evaluation
