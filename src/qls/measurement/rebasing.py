"""Rebasing with approval: who may propose, decide and remove a metric's rebase.

* Propose: data analysts (``MANAGE_METRICS``), with a reason.
* Decide (approve or refuse, with a reason): the metric's owner. A metric
  with no owner who can sign in falls back to the other holders of
  ``MANAGE_METRICS``. Nobody decides on their own proposal; the database
  refuses it too.
* Remove (an approved rebase, or withdraw a pending one): analysts and the
  owner, with a reason that goes into the audit history.

Only an approved rebase changes the charts (``spc_cache`` reads approved
points only), so a proposal waits without effect until someone else agrees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from qls.measurement.models import Metric, Observation, RebasePoint
from qls.measurement.permissions import MANAGE_METRICS

Status = RebasePoint.Status
HISTORY_REASON_LENGTH = 100  # django-simple-history's change-reason column


class RebaseError(Exception):
    """A rebase decision that the rules refuse."""


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def owner_user_id(metric: Metric) -> int | None:
    owner = metric.owner
    return owner.user_id if owner is not None else None


def can_propose(user: Any) -> bool:
    return _signed_in(user) and user.has_perm(MANAGE_METRICS)


def can_decide(user: Any, point: RebasePoint) -> bool:
    """The metric's owner decides; never the person who proposed it."""
    if not _signed_in(user) or point.status != Status.PROPOSED:
        return False
    if point.created_by_id is not None and point.created_by_id == user.pk:
        return False
    owner = owner_user_id(point.metric)
    if owner is not None:
        return owner == user.pk
    return user.has_perm(MANAGE_METRICS)


def can_remove(user: Any, point: RebasePoint) -> bool:
    if not _signed_in(user) or point.status == Status.REFUSED:
        return False
    return user.has_perm(MANAGE_METRICS) or owner_user_id(point.metric) == user.pk


def series_span(metric: Metric) -> tuple[dt.date | None, dt.date | None]:
    """The first and last period the metric holds data for."""
    span = Observation.objects.filter(series__metric=metric).aggregate(
        first=Min("period"), last=Max("period")
    )
    return span["first"], span["last"]


def outside_series_problem(metric: Metric, period: dt.date) -> str:
    """Why a rebase from ``period`` could not start a new segment, or ''.

    The first period already starts the only segment, and a period after the
    last holds no point to start one (the engine refuses an x not in the
    series).
    """
    first, last = series_span(metric)
    if first is None or last is None:
        return "This metric has no data yet, so there is nothing to recalculate"
    if not first < period <= last:
        return (
            f"Choose a period inside the metric's data: after {first:%-d %b %Y} "
            f"and no later than {last:%-d %b %Y}"
        )
    return ""


def pending_for(user: Any, metric: Metric | None = None) -> list[RebasePoint]:
    """Proposals waiting for this person's decision (on one metric, or on all)."""
    if not _signed_in(user):
        return []
    points: QuerySet[RebasePoint] = RebasePoint.objects.filter(status=Status.PROPOSED)
    if metric is not None:
        points = points.filter(metric=metric)
    points = points.exclude(created_by=user).select_related("metric", "metric__owner", "created_by")
    if not user.has_perm(MANAGE_METRICS):
        points = points.filter(metric__owner__user=user)
    else:
        points = points.filter(
            Q(metric__owner__user=user)
            | Q(metric__owner__isnull=True)
            | Q(metric__owner__user__isnull=True)
        )
    return [p for p in points.order_by("created_at") if can_decide(user, p)]


@transaction.atomic
def propose(*, metric: Metric, period: dt.date, reason: str, by: Any) -> RebasePoint:
    """Record a proposal; the charts do not change until it is approved."""
    return RebasePoint.objects.create(
        metric=metric, period=period, reason=reason, created_by=by, status=Status.PROPOSED
    )


@transaction.atomic
def decide(*, point: RebasePoint, approve: bool, reason: str, by: Any) -> RebasePoint:
    """Approve or refuse a proposal; an approval recalculates the metric's charts."""
    point = (
        RebasePoint.objects.select_for_update(of=("self",))
        .select_related("metric__owner")
        .get(pk=point.pk)
    )
    if not can_decide(by, point):
        raise RebaseError("Only the metric's owner, who did not propose it, can decide this")
    point.status = Status.APPROVED if approve else Status.REFUSED
    point.decided_by = by
    point.decided_at = timezone.now()
    point.decision_reason = reason
    point._change_reason = _history_reason(  # type: ignore[attr-defined]
        "Approved" if approve else "Refused", reason
    )
    point.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return point


@transaction.atomic
def remove(*, point: RebasePoint, reason: str, by: Any) -> None:
    """Remove a rebase (or withdraw a proposal); the reason stays in the audit history."""
    if not can_remove(by, point):
        raise RebaseError("Only data analysts and the metric's owner can remove a rebase")
    point._change_reason = _history_reason("Removed", reason)  # type: ignore[attr-defined]
    point.delete()


def _history_reason(verb: str, reason: str) -> str:
    text = f"{verb}: {' '.join(reason.split())}"
    if len(text) > HISTORY_REASON_LENGTH:
        text = text[: HISTORY_REASON_LENGTH - 1] + "…"
    return text
