"""Writes to the catalogue and metric definitions that touch several rows (actions)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qls.measurement.models import Dataset, Metric, MetricTrajectory, RebasePoint


@transaction.atomic
def save_dataset(*, form: Any, fields_formset: Any) -> Dataset:
    """Save a data set and its field definitions together."""
    dataset = form.save()
    fields_formset.instance = dataset
    fields_formset.save()
    return dataset


@transaction.atomic
def save_metric(*, form: Any) -> Metric:
    """Save a metric; the SPC cache recomputes its series when the transaction commits."""
    return form.save()


@transaction.atomic
def add_rebase_point(*, form: Any, by: Any) -> RebasePoint:
    point = form.save(commit=False)
    point.metric = form.metric
    point.created_by = by
    point.save()
    return point


@transaction.atomic
def remove_rebase_point(*, point: RebasePoint) -> None:
    point.delete()


@transaction.atomic
def add_trajectory_step(*, form: Any) -> MetricTrajectory:
    """A target from a period onwards; the metric's series recompute on commit."""
    step = form.save(commit=False)
    step.metric = form.metric
    step.save()
    return step


@transaction.atomic
def remove_trajectory_step(*, step: MetricTrajectory) -> None:
    step.delete()
