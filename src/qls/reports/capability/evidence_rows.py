"""The data rows and confirmed IHI scores the evidence count reads, in a few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from qls.measurement.models import Observation
from qls.projects.models import (
    Measure,
    MeasureValue,
    ProgressScore,
)
from qls.projects.paste import Row
from qls.reports.capability._common import end_of


def rows_for(measures: list[Measure]) -> dict[int, list[Row]]:
    """``measure_inputs.measure_rows`` of many measures in two queries, not one each."""
    out: dict[int, list[Row]] = {m.pk: [] for m in measures}
    linked: dict[int, list[Measure]] = defaultdict(list)
    for m in measures:
        if m.series_id:
            linked[m.series_id].append(m)
    for series_id, period, value, numerator, denominator in (
        Observation.objects.filter(series_id__in=list(linked))
        .order_by("series_id", "period")
        .values_list("series_id", "period", "value", "numerator", "denominator")
    ):
        for m in linked[series_id]:
            ratio = m.is_ratio and numerator is not None and denominator
            out[m.pk].append(
                Row(period, numerator=numerator, denominator=denominator)
                if ratio
                else Row(period, value=value)
            )
    entered = [m.pk for m in measures if not m.series_id]
    for measure_id, day, entered_value, entered_num, entered_den in (
        MeasureValue.objects.filter(measure_id__in=entered)
        .order_by("measure_id", "period")
        .values_list("measure_id", "period", "value", "numerator", "denominator")
    ):
        out[measure_id].append(
            Row(day, value=entered_value, numerator=entered_num, denominator=entered_den)
        )
    return out


def confirmed_by(ids: list[int], cutoff: dt.date) -> dict[int, Any]:
    """The newest confirmed IHI score of each project dated by the cut-off."""
    out: dict[int, Any] = {}
    rows = ProgressScore.objects.filter(project_id__in=ids, confirmed_at__lt=end_of(cutoff))
    for project_id, value in rows.order_by("confirmed_at", "pk").values_list(
        "project_id", "confirmed"
    ):
        out[project_id] = value  # the newest wins
    return out
