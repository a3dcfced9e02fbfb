"""The metrics in one cell of a dashboard's summary matrix."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards.matrix import ASSURANCE_COLUMNS, VARIATION_ROWS, filter_by_icons
from qls.measurement.models import Series
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.views.dashboards._scope import _scope_from_query


@permission_required(VIEW_DATA, raise_exception=True)
def series_list(request: HttpRequest) -> HttpResponse:
    """The metrics in one cell of a dashboard's summary matrix."""
    scope = _scope_from_query(request)
    variation = request.GET.get("variation", "")
    assurance = request.GET.get("assurance", "")
    qs = series_charts.without_points(Series.objects.filter(scope.own(), metric__active=True))
    qs = filter_by_icons(qs.exclude(variation_icon=""), variation, assurance)
    labels = {k: label for k, label, _ in VARIATION_ROWS}
    a_labels = {k: label for k, label, _ in ASSURANCE_COLUMNS}
    rows = [
        {
            "series": s,
            "url": series_charts.org_unit_url(s),
            **series_charts.icons(s, 32),
        }
        for s in qs.order_by("metric__name")
    ]
    context = {
        "scope": scope,
        "rows": rows,
        "variation_label": labels.get(variation, "Any variation"),
        "assurance_label": a_labels.get(assurance, "any assurance"),
        "crumbs": [*scope.crumbs(), (f"{scope.name} dashboard", scope.url)],
    }
    return render(request, "measurement/dashboards/series_list.html", context)
