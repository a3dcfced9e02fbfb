"""Projects registered by the cut-off, by strategic aim and by the stage they had reached."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from qls.organisation.models import StrategicAim
from qls.projects.models import (
    STAGE_ORDER,
    Project,
    Stage,
    StageChange,
)
from qls.reports.capability._common import end_of


def stages_at(projects: list[Project], cutoff: dt.date) -> dict[int, str]:
    """Each project's stage at the end of the cut-off day, from its approved stage changes.

    The last approved change decided by then gives the stage; a project with
    none yet was still in the stage its first later change moved it from (or,
    with no approved change at all, the stage it has now).
    """
    stage = {p.pk: p.stage for p in projects}
    before: set[int] = set()
    settled: set[int] = set()
    limit = end_of(cutoff)
    changes = sorted(
        (decided or at, pk, project_id, from_stage, to_stage)
        for pk, project_id, from_stage, to_stage, decided, at in StageChange.objects.filter(
            project__created_at__lt=limit, status=StageChange.Status.APPROVED
        ).values_list("pk", "project_id", "from_stage", "to_stage", "decided_at", "at")
    )
    for when, _pk, project_id, from_stage, to_stage in changes:
        if project_id in settled or project_id not in stage:
            continue
        if when < limit:
            stage[project_id] = to_stage
            before.add(project_id)
        else:
            if project_id not in before:
                stage[project_id] = from_stage
            settled.add(project_id)
    return stage


def projects_at(cutoff: dt.date) -> dict[str, Any]:
    """Projects registered by the cut-off, by strategic aim and by stage at the cut-off."""
    limit = end_of(cutoff)
    registered = list(Project.objects.filter(created_at__lt=limit))
    by_aim = dict(
        StrategicAim.objects.annotate(
            n=Count("projects", filter=Q(projects__created_at__lt=limit), distinct=True)
        ).values_list("pk", "n")
    )
    aims = [
        {"aim": str(aim), "count": by_aim.get(aim.pk, 0)}
        for aim in StrategicAim.objects.order_by("number", "pk")
    ]
    stage = stages_at(registered, cutoff)
    counts = dict.fromkeys(STAGE_ORDER, 0)
    for value in stage.values():
        counts[value] = counts.get(value, 0) + 1
    return {
        "total": len(registered),
        "by_aim": aims,
        "by_stage": [{"stage": s, "label": Stage(s).label, "count": counts[s]} for s in counts],
    }
