"""Writes to the catalogue and metric definitions that touch several rows.

Each takes plain values (a view passes its form's cleaned data), so the
rules hold whatever asks: a page, the admin or a script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from qls.measurement.models import Dataset, DatasetField, Metric, MetricTrajectory, RebasePoint

COLUMN_FIELDS = ("name", "data_type", "definition")


@transaction.atomic
def save_dataset(
    *,
    dataset: Dataset,
    fields: Mapping[str, Any],
    columns: Iterable[Mapping[str, Any]] = (),
) -> Dataset:
    """Save a data set and its field definitions together.

    Each of ``columns`` describes one field definition: ``id`` (the
    ``DatasetField`` it changes, None for a new one), its ``name``,
    ``data_type`` and ``definition``, and ``DELETE`` to remove it.
    """
    for name, value in fields.items():
        setattr(dataset, name, value)
    dataset.save()
    for column in columns:
        existing = column.get("id")
        if column.get("DELETE"):
            if existing is not None and existing.pk:
                existing.delete()
            continue
        row = existing or DatasetField(dataset=dataset)
        row.dataset = dataset
        for name in COLUMN_FIELDS:
            setattr(row, name, column.get(name, getattr(row, name)))
        row.save()
    return dataset


@transaction.atomic
def save_metric(*, metric: Metric, fields: Mapping[str, Any]) -> Metric:
    """Save a metric; the SPC cache recomputes its series when the transaction commits."""
    for name, value in fields.items():
        setattr(metric, name, value)
    metric.save()
    return metric


def add_rebase_point(*, metric: Metric, period: dt.date, reason: str, by: Any) -> RebasePoint:
    """Propose a rebase; it waits for the metric owner's approval."""
    from qls.measurement import rebasing

    return rebasing.propose(metric=metric, period=period, reason=reason, by=by)


@transaction.atomic
def add_trajectory_step(*, metric: Metric, period: dt.date, target: float) -> MetricTrajectory:
    """A target from a period onwards; the metric's series recompute on commit."""
    return MetricTrajectory.objects.create(metric=metric, period=period, target=target)


@transaction.atomic
def remove_trajectory_step(*, step: MetricTrajectory) -> None:
    step.delete()
