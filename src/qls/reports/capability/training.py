"""Staff trained by course kind, month by month up to the cut-off, against the trajectory."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from qls.capability.models import Course
from qls.capability.training import reports as training
from qls.capability.training import targets


def trained_at(kind: str, period: dt.date, cutoff: dt.date) -> dict[str, Any]:
    """People who completed a course of ``kind``, month by month up to the cut-off."""
    per_month: dict[dt.date, int] = defaultdict(int)
    for course in Course.objects.filter(kind=kind):
        for month, n in training.trained_per_period(
            training.Filters(course=course, end=cutoff), "month"
        ):
            per_month[month] += n
    series = _filled(per_month, period)
    steps = targets.steps_for([kind])
    rows = targets.trajectory(series, steps, "month")
    last = rows[-1] if rows else None
    return {
        "kind": kind,
        "label": Course.Kind(kind).label,
        "points": [[day.isoformat(), n] for day, n in series],
        "in_month": per_month.get(period, 0),
        "total": last[2] if last else 0,
        "trajectory": last[3] if last else None,
        "target_per_month": targets.per_period(steps, period, "month"),
    }


def _filled(per_month: dict[dt.date, int], last: dt.date) -> list[tuple[dt.date, int]]:
    """Every month from the first completion to ``last``, zeros kept (as the chart needs)."""
    if not per_month:
        return []
    out, day = [], min(per_month)
    while day <= last:
        out.append((day, per_month.get(day, 0)))
        day = training.next_period(day, "month")
    return out
