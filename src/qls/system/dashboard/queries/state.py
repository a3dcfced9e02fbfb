"""What a metric's page is built from, so a cached page is reused only while it holds."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Sum

from qls.measurement.models import Metric, Series
from qls.measurement.sharing import visible_series


def metric_state(user: Any, metric: Metric) -> tuple[Any, ...]:
    """What the metric's page for ``user`` is built from, in one aggregate query:
    the series seen (how many, which), their last SPC computation, the metric's
    last change. A share, a recompute or an edit gives a new tuple."""
    state = visible_series(user, Series.objects.filter(metric=metric)).aggregate(
        stamp=Max("spc_computed_at"), count=Count("id"), ids=Sum("id")
    )
    stamp = state["stamp"].timestamp() if state["stamp"] else 0
    return (stamp, state["count"], state["ids"] or 0, metric.updated_at.timestamp())
