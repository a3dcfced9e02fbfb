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


def add_rebase_point(*, form: Any, by: Any) -> RebasePoint:
    """Propose a rebase from the analysts' form; it waits for the owner's approval."""
    from qls.measurement import rebasing

    data = form.cleaned_data
    return rebasing.propose(metric=form.metric, period=data["period"], reason=data["reason"], by=by)


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
