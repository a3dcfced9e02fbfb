"""Adding organisations' data together: a system total or a place's figure.

Only measures whose values are counts, or counts over denominators, can be
added across organisations: a p or u chart's numerators and denominators are
summed period by period (the pooled rate is the sum of numerators over the sum
of denominators, not an average of rates), and a c chart's counts are summed.
An XmR, run, g or t measure's values cannot be added; pages say so instead.

The pooled series is analysed by the SPC engine's public ``qls.spc.analyse``,
the function the series cache calls, with the metric's direction and target.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, Max, Sum

from qls.measurement.models import ChartType, Metric, Observation
from qls.spc import analyse

POOLABLE = frozenset({ChartType.P, ChartType.U, ChartType.C})
RATIO = frozenset({ChartType.P, ChartType.U})
NOT_POOLED = (
    "A system total is not shown for this measure: its values cannot be added across organisations."
)
EPOCH = dt.date(1970, 1, 1)


def poolable(metric: Metric) -> bool:
    return metric.chart_type in POOLABLE


@dataclass
class Pooled:
    """Per period: the summed numerator (a c chart's count) and denominator."""

    metric: Metric
    periods: list[dt.date]
    numerators: list[float]
    denominators: list[float]  # empty for a c chart
    contributors: list[int]  # how many series had a value that period

    def value(self, i: int) -> float | None:
        """The pooled figure at period ``i``, scaled as the metric's own values are."""
        if self.metric.chart_type in RATIO:
            den = self.denominators[i]
            return None if not den else self.numerators[i] / den * (self.metric.multiplier or 1)
        return self.numerators[i]

    @property
    def values(self) -> list[float | None]:
        return [self.value(i) for i in range(len(self.periods))]


def pool(metric: Metric, series_ids: Iterable[int], *, period: dt.date | None = None) -> Pooled:
    """Sum ``series_ids``' observations of ``metric`` period by period (or at one ``period``)."""
    observations = Observation.objects.filter(series_id__in=list(series_ids))
    if period is not None:
        observations = observations.filter(period=period)
    ratio = metric.chart_type in RATIO
    rows = (
        observations.values("period")
        .annotate(
            num=Sum("numerator") if ratio else Sum("value"),
            den=Sum("denominator"),
            n=Count("id"),
        )
        .order_by("period")
    )
    periods, nums, dens, counts = [], [], [], []
    for row in rows:
        if row["num"] is None or (ratio and not row["den"]):
            continue
        periods.append(row["period"])
        nums.append(float(row["num"]))
        dens.append(float(row["den"]) if ratio else 0.0)
        counts.append(row["n"])
    return Pooled(metric, periods, nums, dens if ratio else [], counts)


def latest_period(series_ids: Iterable[int]) -> dt.date | None:
    found = Observation.objects.filter(series_id__in=list(series_ids)).aggregate(p=Max("period"))
    return found["p"]


def analyse_pooled(pooled: Pooled) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
    """The pooled series' SPC points (chart rows, scaled) and summary; None without data."""
    n = len(pooled.periods)
    if n == 0:
        return None
    metric = pooled.metric
    chart = str(metric.chart_type)
    ratio = metric.chart_type in RATIO
    multiplier = (metric.multiplier or 1) if ratio else 1.0
    points: dict[str, Any] = {
        "series_id": np.zeros(n, np.int64),
        # Whole days since 1970: integer x keeps the engine off its date path.
        "x": np.array([(p - EPOCH).days for p in pooled.periods], np.int64),
    }
    if ratio:
        points["numerator"] = np.array(pooled.numerators, np.float64)
        points["denominator"] = np.array(pooled.denominators, np.float64)
    else:
        points["y"] = np.array(pooled.numerators, np.float64)
    target = metric.target
    if target is not None and ratio:
        target = target / multiplier
    options = {
        "series_id": [0],
        "improvement_direction": [str(metric.improvement_direction)],
        "target": [target],
    }
    result = analyse(points, options, chart=chart)
    rows = []
    for row in result.points.to_pylist():
        row["x"] = EPOCH + dt.timedelta(days=int(row["x"]))
        for key in ("y", "mean", "lpl", "upl", "target"):
            if row.get(key) is not None:
                row[key] = row[key] * multiplier
        rows.append(row)
    summary = result.summary.to_pylist()[0]
    return rows, summary
