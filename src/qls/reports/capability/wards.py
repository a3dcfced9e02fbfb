"""The ward programme at the cut-off: each wave's wards by the stage they had started."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qls.wards import planning
from qls.wards.models import WardJourney
from qls.wards.models.journey import STAGE_ORDER as WARD_STAGE_ORDER
from qls.wards.models.journey import Stage as WardStage


def ward_stage_at(journey: WardJourney, cutoff: dt.date) -> str:
    """The furthest stage a ward had started by the cut-off (planned if none)."""
    found = WardStage.PLANNED.value
    for stage in WARD_STAGE_ORDER[1:]:
        started = journey.stage_started(stage)
        if started is not None and started <= cutoff:
            found = stage
    return found


def ward_programme_at(cutoff: dt.date) -> dict[str, Any] | None:
    """The programme running at the cut-off: each wave's wards by stage against its plan."""
    programme = planning.current_programme(cutoff)
    if programme is None:
        return None
    waves: dict[int, dict[str, Any]] = {}
    journeys = (
        WardJourney.objects.filter(programme=programme)
        .select_related("wave", "wave__site")
        .order_by("wave__site__name", "wave__number", "pk")
    )
    for journey in journeys:
        wave = journey.wave
        row = waves.setdefault(
            wave.pk,
            {
                "site": wave.site.name,
                "number": wave.number,
                "start": wave.start.isoformat(),
                "end": wave.end.isoformat(),
                "due": wave.start <= cutoff,
                "wards": 0,
                "counts": [0] * len(WARD_STAGE_ORDER),
            },
        )
        row["wards"] += 1
        row["counts"][WARD_STAGE_ORDER.index(ward_stage_at(journey, cutoff))] += 1
    rows = list(waves.values())
    for row in rows:
        row["started"] = sum(row["counts"][1:])
        row["planned_started"] = row["wards"] if row["due"] else 0
    return {
        "programme": programme.name,
        "stage_labels": [WardStage(s).label for s in WARD_STAGE_ORDER],
        "waves": rows,
        "planned_started": sum(r["planned_started"] for r in rows),
        "started": sum(r["started"] for r in rows),
        "wards": sum(r["wards"] for r in rows),
    }
