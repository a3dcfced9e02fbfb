"""Early warnings from gaps between groups of patients moving the wrong way."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Count, Max

from qls.measurement import inequalities
from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards.scope import Scope
from qls.measurement.dashboards.warning import EarlyWarning
from qls.measurement.models import Level, Metric, Series
from qls.organisation.models import Site
from qls.spc import RULE_LABELS


def _gap_units(scope: Scope) -> list[tuple[str, Site | None]]:
    if scope.level == Level.WARD:
        return []  # strata are held for the trust and its sites
    if scope.site:
        return [(Level.SITE, scope.site)]
    sites = Site.objects.filter(
        series__level=Level.SITE,
        series__ward=None,
        series__metric__active=True,
        series__stratum_dimension__gt="",
    )
    return [(Level.TRUST, None), *[(Level.SITE, s) for s in sites.distinct().order_by("name")]]


def gap_warnings(scope: Scope) -> list[EarlyWarning]:
    """Gaps between groups of patients whose own XmR chart shows concern at the end.

    Each split's gap is the one its inequality page shows first (the most
    against the least deprived; for other splits the group furthest behind
    the largest), so the list and the page always agree. Cached until any
    stratified series under the scope is recomputed or a metric changes.
    """
    units = _gap_units(scope)
    if not units:
        return []
    strata = Series.objects.filter(metric__active=True, ward=None).exclude(stratum_dimension="")
    if scope.site:
        strata = strata.filter(site=scope.site)
    state = strata.aggregate(
        stamp=Max("spc_computed_at"), count=Count("id"), metric_stamp=Max("metric__updated_at")
    )
    if not state["count"]:
        return []
    key = "qls:gap-warnings:v2:{}:{}:{}:{}".format(
        scope.code,
        state["stamp"].timestamp() if state["stamp"] else 0,
        state["count"],
        state["metric_stamp"].timestamp() if state["metric_stamp"] else 0,
    )
    found = cache.get(key)
    if found is None:
        found = _compute_gap_warnings(units)
        cache.set(key, found, series_charts.CACHE_SECONDS)
    if scope.seen:
        # Computed for everyone, then cut to the strata this person may see.
        visible = set(
            strata.filter(scope.seen).values_list("metric_id", "level", "site_id").distinct()
        )
        found = [w for w in found if w.unit_key in visible]
    return found


def _compute_gap_warnings(units: list[tuple[str, Site | None]]) -> list[EarlyWarning]:
    found = []
    metrics = Metric.objects.filter(
        active=True, series__ward=None, series__stratum_dimension__gt=""
    ).distinct()
    for metric in metrics.select_related("domain").order_by("name"):
        for level, site in units:
            for split in inequalities.default_gaps(metric, level, site.pk if site else None):
                signal = inequalities.gap_signal(split.analysis)
                if signal is None:
                    continue
                summary = split.analysis.result.summary.to_pylist()[0]
                found.append(
                    EarlyWarning(
                        kind="gap",
                        metric=metric,
                        where=site.name if site else "Trust",
                        level=level,
                        latest=signal.latest,
                        recent=signal.recent,
                        since=signal.since.isoformat() if signal.since else None,
                        rules=", ".join(RULE_LABELS[r] for r in signal.rules)
                        or "earlier concern point among the latest three",
                        rule_names=signal.rules,
                        latest_period=signal.latest_period,
                        latest_value=signal.latest_value,
                        unit=inequalities.gap_unit(metric, split.analysis),
                        title=f"Gap widening: {metric.name}, "
                        f"{inequalities.comparison_label(split)}",
                        link=inequalities.gap_url(metric, site, split),
                        variation_icon=summary.get("variation_icon") or "",
                        unit_key=(metric.pk, level, site.pk if site else None),
                    )
                )
    return found
