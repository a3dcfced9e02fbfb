"""The page of one metric at one unit, and one metric on every ward of a site."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards.scope import Scope
from qls.measurement.models import Level, Metric, RebasePoint, Series
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.views.dashboards._scope import _scoped, _seen


def _series_at(code: str, scope: Scope) -> Series:
    metric = get_object_or_404(Metric, code=code)
    qs = Series.objects.select_related("metric", "metric__domain", "site", "ward").filter(
        scope.own(), metric=metric
    )
    found = qs.first()
    if found is None:
        raise Http404("This metric has no data here")
    return found


def _series_page(request: HttpRequest, code: str, scope: Scope) -> HttpResponse:
    s = _series_at(code, scope)
    chart = series_charts.chart(s, chart_id="series-chart", height=320)
    summary = s.spc_summary or {}
    crumbs = [*scope.crumbs(), (f"{scope.name} dashboard", scope.url)]
    context = {
        "series": s,
        "metric": s.metric,
        "scope": scope,
        "chart": chart,
        "summary": summary,
        **series_charts.icons(s),
        "rebases": s.metric.rebase_points.filter(status=RebasePoint.Status.APPROVED).select_related(
            "created_by", "decided_by"
        ),
        "compare_url": (
            reverse("measurement:compare_wards", args=[code, scope.site.code])
            if scope.site
            else None
        ),
        "inequalities_url": (
            _scoped(reverse("measurement:inequalities", args=[code]), scope)
            if s.metric.strata and scope.level != Level.WARD
            else None
        ),
        "crumbs": crumbs,
    }
    return render(request, "measurement/dashboards/series.html", context)


@permission_required(VIEW_DATA, raise_exception=True)
def series_trust(request: HttpRequest, code: str) -> HttpResponse:
    return _series_page(request, code, Scope(Level.TRUST, seen=_seen(request)))


@permission_required(VIEW_DATA, raise_exception=True)
def series_site(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    return _series_page(request, code, Scope.find(Level.SITE, unit, _seen(request)))


@permission_required(VIEW_DATA, raise_exception=True)
def series_ward(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    return _series_page(request, code, Scope.find(Level.WARD, unit, _seen(request)))


@permission_required(VIEW_DATA, raise_exception=True)
def compare_wards(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    """Small multiples: one metric on every ward of a site, side by side."""
    scope = Scope.find(Level.SITE, unit, _seen(request))
    metric = get_object_or_404(Metric, code=code)
    series = list(
        series_charts.without_points(
            Series.objects.filter(
                scope.seen, metric=metric, level=Level.WARD, site=scope.site, stratum_dimension=""
            ).exclude(variation_icon="")
        ).order_by("ward__name")
    )
    # One y-axis for all: side by side, a taller line must mean a higher value.
    y_domain = series_charts.shared_y_domain(series, series_charts.DASHBOARD_POINTS)
    html = series_charts.chart_html_many(series, titles="long", y_domain=y_domain)
    cards = [
        {
            "series": s,
            "html": html.get(s.pk),
            "url": series_charts.org_unit_url(s),
            **series_charts.icons(s, 32),
        }
        for s in series
    ]
    context = {
        "scope": scope,
        "metric": metric,
        "cards": cards,
        "crumbs": [*scope.crumbs(), (f"{scope.name} dashboard", scope.url)],
    }
    return render(request, "measurement/dashboards/compare.html", context)
