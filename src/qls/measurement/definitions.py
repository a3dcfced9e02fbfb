"""Writes to the catalogue and metric definitions that touch several rows (actions)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qls.measurement.models import Dataset, Metric, RebasePoint


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
