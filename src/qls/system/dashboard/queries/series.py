"""The organisation-level series a person may see, and whose each one is."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet

from qls.measurement.models import Level, Metric, MetricShare, Series
from qls.measurement.sharing import visible_series
from qls.organisation.models import Organisation
from qls.organisation.tenancy import host_organisation


def shared_metrics() -> QuerySet[Metric]:
    """Metrics at least one organisation shares now."""
    shared = MetricShare.objects.filter(withdrawn_at__isnull=True).values("metric")
    return Metric.objects.filter(pk__in=shared).order_by("name")


def organisation_level(user: Any, metrics: Any = None, *, strata: bool = False) -> QuerySet[Series]:
    """The organisation-level series ``user`` may see (whole population, or the strata)."""
    series = Series.objects.filter(
        Q(level=Level.TRUST) | Q(level=Level.SITE, site__organisation__is_host=False)
    )
    series = series.exclude(stratum_dimension="") if strata else series.filter(stratum_dimension="")
    if metrics is not None:
        series = series.filter(metric__in=metrics)
    return visible_series(user, series).select_related("metric", "site", "site__organisation")


def owner(series: Series, host: Organisation | None) -> Organisation | None:
    if series.level == Level.TRUST:
        return host
    return series.site.organisation if series.site is not None else None


def by_organisation(series: list[Series]) -> dict[tuple[int, int], list[Series]]:
    """(organisation id, metric id) -> that organisation's series of that metric."""
    host = host_organisation()
    grouped: dict[tuple[int, int], list[Series]] = defaultdict(list)
    for s in series:
        org = owner(s, host)
        if org is not None:
            grouped[(org.pk, s.metric_id)].append(s)
    return grouped
