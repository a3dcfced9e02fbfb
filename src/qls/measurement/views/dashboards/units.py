"""The trust, site and ward dashboards, their body cached until a series changes.

Every view needs ``measurement.view_metric`` (every role has it).
"""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards.early_warnings import early_warnings
from qls.measurement.dashboards.matrix import matrix
from qls.measurement.dashboards.scope import Scope, own_series
from qls.measurement.models import Level, Series
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.sharing import viewer
from qls.measurement.spc_cache import CONCERN_ICONS, IMPROVEMENT_ICONS
from qls.measurement.views.dashboards._scope import _scoped
from qls.organisation.models import Site, Ward

WARNINGS_ON_DASHBOARD = 10
BODY_SECONDS = 600


def _counts() -> dict[str, Count]:
    """Per child unit: metrics, concerns and improvements at its latest point."""
    own = Q(stratum_dimension="") & ~Q(variation_icon="")
    return {
        "metric_count": Count("pk", filter=own),
        "concern_count": Count("pk", filter=own & Q(variation_icon__in=CONCERN_ICONS)),
        "improvement_count": Count("pk", filter=own & Q(variation_icon__in=IMPROVEMENT_ICONS)),
    }


def _children(scope: Scope) -> tuple[str, list]:
    """The sites (or wards) under the scope with series the person may see, with counts.

    The counts come from the series the person may see, grouped by unit, so
    a unit holding only another organisation's unshared data is not listed.
    """
    if scope.level == Level.WARD:
        return "", []
    unit, label = ("site", "Sites") if scope.level == Level.TRUST else ("ward", "Wards and units")
    series = Series.objects.filter(scope.seen, level=Level.SITE if unit == "site" else Level.WARD)
    if scope.site:
        series = series.filter(site=scope.site)
    counts = {row[unit]: row for row in series.values(unit).annotate(**_counts())}
    model = Site if unit == "site" else Ward
    children = list(model.objects.filter(pk__in=list(counts)).order_by("name"))
    for child in children:
        for name in _counts():
            setattr(child, name, counts[child.pk][name])
    return label, children


def _dashboard(request: HttpRequest, level: str, code: str | None = None) -> HttpResponse:
    """The dashboard page; its body is cached until any series under the scope changes.

    One query gives the cache key: the latest ``spc_computed_at``, the number
    of series in the scope's subtree and the latest change to their metrics,
    so a recompute, a new series or an edited metric gives a new key. On a
    hit the unit is not even loaded. Names of wards and sites are not in the
    key, hence the short expiry. An unknown unit is a miss, and a 404. The
    body is kept per organisation and share version: each sees only its own
    series and those shared with it.
    """
    who = viewer(request.user)
    seen = who.filter()
    # The sum of the ids with the count names the set of series seen: a share
    # made or withdrawn in another process changes it, though not the version.
    state = Series.objects.filter(Scope.subtree_by_code(level, code), seen).aggregate(
        stamp=Max("spc_computed_at"),
        count=Count("id"),
        ids=Sum("id"),
        metric_stamp=Max("metric__updated_at"),
    )
    key = "qls:dashboard:v5:{}:{}:{}:{}:{}.{}:{}".format(
        who.cache_key,
        level,
        code or "",
        state["stamp"].timestamp() if state["stamp"] else 0,
        state["count"],
        state["ids"] or 0,
        state["metric_stamp"].timestamp() if state["metric_stamp"] else 0,
    )
    page = cache.get(key)
    if page is None:
        scope = Scope.find(level, code, seen)
        body = render_to_string(
            "measurement/dashboards/_dashboard_body.html", _dashboard_parts(scope)
        )
        page = {"name": scope.name, "crumbs": scope.crumbs(), "body": body}
        cache.set(key, page, BODY_SECONDS)
    context = {"name": page["name"], "crumbs": page["crumbs"], "body": mark_safe(page["body"])}
    return render(request, "measurement/dashboards/dashboard.html", context)


def _split_metrics(scope: Scope) -> set[int]:
    """Metrics with data split by patient group at this unit (the trust or a site)."""
    if scope.level == Level.WARD:
        return set()
    qs = Series.objects.filter(scope.seen, level=scope.level, site=scope.site, ward=None).exclude(
        stratum_dimension=""
    )
    return set(qs.values_list("metric_id", flat=True).distinct())


def _inequalities_url(code: str, scope: Scope) -> str:
    url = reverse("measurement:inequalities", args=[code])
    return f"{url}?unit={scope.site.code}" if scope.site else url


def _dashboard_parts(scope: Scope) -> dict:
    series = own_series(scope)
    html = series_charts.chart_html_many(series)
    split = _split_metrics(scope)
    groups: dict[str, list[dict]] = {}
    for s in series:
        if s.pk not in html:
            continue
        domain = s.metric.domain.name if s.metric.domain else "Other measures"
        groups.setdefault(domain, []).append(
            {
                "series": s,
                "html": html[s.pk],
                "url": series_charts.org_unit_url(s),
                **series_charts.icons(s),
                "compare_url": (
                    reverse("measurement:compare_wards", args=[s.metric.code, scope.site.code])
                    if scope.site
                    else None
                ),
                "inequalities_url": (
                    _inequalities_url(s.metric.code, scope) if s.metric_id in split else None
                ),
            }
        )
    warnings = early_warnings(scope, gaps=True)
    child_label, children = _children(scope)
    return {
        "scope": scope,
        "groups": groups,
        "matrix": matrix(scope, series),
        "warnings": warnings[:WARNINGS_ON_DASHBOARD],
        "warning_total": len(warnings),
        "warnings_url": _scoped(reverse("measurement:early_warnings"), scope),
        "child_label": child_label,
        "children": children,
    }


@permission_required(VIEW_DATA, raise_exception=True)
def trust(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, Level.TRUST)


@permission_required(VIEW_DATA, raise_exception=True)
def site(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard(request, Level.SITE, code)


@permission_required(VIEW_DATA, raise_exception=True)
def ward(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard(request, Level.WARD, code)
