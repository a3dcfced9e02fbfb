"""Saving a project measure and its values, and deleting a measure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from qls.core import periods
from qls.projects.errors import ProjectError
from qls.projects.evidence_store import refresh_evidence
from qls.projects.models import (
    Measure,
    MeasureValue,
    Project,
)
from qls.projects.paste import Row


@transaction.atomic
def save_measure(
    *, project: Project, fields: Mapping[str, Any], measure: Measure | None = None
) -> Measure:
    measure = measure or Measure(project=project)
    for name, value in fields.items():
        setattr(measure, name, value)
    if measure.pk is None:
        measure.position = project.measures.count() + 1
    measure.save()
    refresh_evidence(measure)
    return measure


@transaction.atomic
def save_values(*, measure: Measure, rows: Iterable[Row], replace_all: bool = False) -> int:
    """Write project-entered periods (a period already held is replaced).

    ``replace_all`` makes the rows the whole data (the grid); otherwise they
    add to or replace single periods (a paste). Returns the rows written.
    """
    if measure.series_id:
        raise ProjectError("This measure shows a QLS metric series; its data comes from there.")
    rows = list(rows)
    if replace_all:
        keep = {r.period for r in rows}
        for old in measure.values.exclude(period__in=keep):
            old.delete()
    existing = {v.period: v for v in measure.values.filter(period__in=[r.period for r in rows])}
    written = 0
    for r in rows:
        value = existing.get(r.period) or MeasureValue(measure=measure, period=r.period)
        new = (r.value, r.numerator, r.denominator)
        if value.pk and (value.value, value.numerator, value.denominator) == new:
            continue
        value.value, value.numerator, value.denominator = new
        value.save()
        written += 1
    refresh_evidence(measure)
    return written


@transaction.atomic
def delete_measure(*, measure: Measure) -> None:
    """Delete a measure with the data the project entered for it (each in the audit
    history); a linked QLS series is left as it is. Later measures move up."""
    project = measure.project
    for value in measure.values.all():
        value.delete()
    measure.delete()
    for position, later in enumerate(project.measures.order_by("position", "pk"), start=1):
        if later.position != position:
            later.position = position
            later.save(update_fields=["position"])


def period_label(period: dt.date, frequency: str) -> str:
    return periods.period_label(period, frequency)
