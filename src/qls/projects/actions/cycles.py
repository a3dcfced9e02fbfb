"""Saving and deleting PDSA cycles, keeping their numbering and ramps in order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from qls.projects.errors import ProjectError
from qls.projects.evidence_store import refresh_project_evidence
from qls.projects.models import (
    DriverNode,
    PDSACycle,
)


@transaction.atomic
def save_cycle(
    *,
    change_idea: DriverNode,
    fields: Mapping[str, Any],
    by: Any,
    cycle: PDSACycle | None = None,
) -> PDSACycle:
    """Create or update a PDSA cycle; recompute the project's evidence (adoptions moved)."""
    if change_idea.kind != DriverNode.Kind.CHANGE_IDEA:
        raise ProjectError("PDSA cycles test change ideas; choose a change idea.")
    previous = fields.get("previous")
    if previous is not None and previous.change_idea_id != change_idea.pk:
        raise ProjectError("A cycle can only follow an earlier cycle of the same change idea.")
    if cycle is not None and previous is not None and previous.pk == cycle.pk:
        raise ProjectError("A cycle cannot follow itself.")
    if cycle is None:
        last = PDSACycle.objects.select_for_update().filter(change_idea=change_idea)
        number = (last.aggregate(m=Max("number"))["m"] or 0) + 1
        cycle = PDSACycle(change_idea=change_idea, number=number, created_by=by)
    for name, value in fields.items():
        setattr(cycle, name, value)
    if cycle.act_decision and not cycle.ended_on:
        raise ProjectError("Give the date of the decision to adopt, adapt or abandon.")
    cycle.save()
    refresh_project_evidence(change_idea.project)
    return cycle


@transaction.atomic
def delete_cycle(*, cycle: PDSACycle) -> None:
    """Delete a cycle; cycles that followed it now follow the one before it.

    The ramp stays in one piece, and the project's evidence is worked out
    again because an adoption may have gone with the cycle.
    """
    project = cycle.change_idea.project
    for follower in cycle.next_cycles.all():
        follower.previous_id = cycle.previous_id
        follower.save(update_fields=["previous"])
    cycle.delete()
    refresh_project_evidence(project)
