"""Keep cached SPC in step with metric definitions and hand-edited observations.

(The signals measurement itself sends are declared in ``signals.py``.)

Bulk writes (imports, the demo) bypass signals and call
``spc_cache.recompute_series`` themselves; these handlers cover the one-row
changes made in forms and the admin. Work is deferred to the commit, once
per transaction, so a form that saves a metric and its rebase points
recomputes once.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from qls.measurement import sharing, spc_cache
from qls.measurement.models import (
    Metric,
    MetricShare,
    MetricTrajectory,
    Observation,
    RebasePoint,
)


def _metric_changed(sender: Any, instance: Metric, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.pk:
        spc_cache.schedule_metric(instance.pk)


def _metric_part_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        spc_cache.schedule_metric(instance.metric_id)


def _observation_changed(
    sender: Any, instance: Observation, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        spc_cache.schedule_series([instance.series_id])


def connect() -> None:
    post_save.connect(_metric_changed, sender=Metric, dispatch_uid="spc-metric")
    for model in (RebasePoint, MetricTrajectory):
        post_save.connect(_metric_part_changed, sender=model, dispatch_uid=f"spc-{model.__name__}")
        post_delete.connect(
            _metric_part_changed, sender=model, dispatch_uid=f"spc-del-{model.__name__}"
        )
    # post_save only: a delete receiver would make every bulk delete of
    # observations load each row to send its signal.
    post_save.connect(_observation_changed, sender=Observation, dispatch_uid="spc-observation")
    # Pages cached per organisation name the share version: any change to a share
    # must give them a new key.
    post_save.connect(sharing.shares_changed, sender=MetricShare, dispatch_uid="share-saved")
    post_delete.connect(sharing.shares_changed, sender=MetricShare, dispatch_uid="share-deleted")
