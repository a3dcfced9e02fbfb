"""A series' data: downloads, the chart spec a card fetches, and its data table."""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response

from qls.core.breadcrumbs import trail
from qls.core.charts import Chart
from qls.core.exports import chart_response, table_response
from qls.measurement.charts import series as series_charts
from qls.measurement.models import Series
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.views.dashboards._scope import _seen

MAX_POINTS = 1000


@permission_required(VIEW_DATA, raise_exception=True)
def series_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One series' chart data (CSV, XLSX) or picture (SVG, PNG), all of its points."""
    s = get_object_or_404(
        Series.objects.filter(_seen(request)).select_related("metric", "site", "ward"), pk=pk
    )
    if not s.spc_points:
        raise Http404("This series has no results yet")
    name = series_charts.title(s)
    if fmt in ("csv", "xlsx"):
        headers, rows = series_charts.table(s)
        return table_response(name, headers, rows, fmt, sheet=s.metric.code)
    spec = series_charts.spec(s, width=900, height=360)
    if fmt not in ("svg", "png"):
        raise Http404("Unknown format")
    return chart_response(name, spec, fmt)


def _points(request: HttpRequest) -> int | None:
    """The ``points`` query value: a whole number of latest points, or empty for all.

    Raises ``ValueError`` with a message naming the field.
    """
    raw = request.GET.get("points", "")
    if raw == "":
        return None
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_POINTS:
        raise ValueError(f"points must be a whole number from 1 to {MAX_POINTS}, or empty")
    return int(raw)


@permission_required(VIEW_DATA, raise_exception=True)
def series_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """The spec of a dashboard chart card, fetched by ``qls/charts.js`` when the
    chart comes into view. Conditional on an ETag from the series' last recompute."""
    style = request.GET.get("title", "short")
    try:
        points = _points(request)
        y_domain = series_charts.parse_y_domain(request.GET.get("y", ""))
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    if style not in series_charts.TITLE_STYLES:
        return HttpResponseBadRequest(
            f"title must be one of {', '.join(series_charts.TITLE_STYLES)}"
        )
    s = get_object_or_404(
        series_charts.without_points(Series.objects.filter(_seen(request))), pk=pk
    )
    key = series_charts.spec_key(s, points, style, y_domain)
    etag = '"' + hashlib.blake2b(key.encode(), digest_size=12).hexdigest() + '"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is None:
        body = series_charts.card_spec_json(s, points=points, style=style, y_domain=y_domain)
        if body is None:
            raise Http404("This series has no results yet")
        response = HttpResponse(body, content_type="application/json")
    else:
        response = not_modified
    response["ETag"] = etag
    # The page's URL for a spec changes with every recompute (its ``v``).
    response["Cache-Control"] = "private, max-age=86400"
    return response


@permission_required(VIEW_DATA, raise_exception=True)
def series_table(request: HttpRequest, pk: int) -> HttpResponse:
    """A chart card's data table: the fragment its ``<details>`` fetches on
    opening (htmx), or a page of its own for a link followed without scripts."""
    try:
        points = _points(request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error))
    s = get_object_or_404(
        Series.objects.filter(_seen(request)).select_related("metric", "site", "ward"), pk=pk
    )
    if not s.spc_points:
        raise Http404("This series has no results yet")
    headers, rows = series_charts.table(s, points, full=not points)
    name = series_charts.title(s)
    chart = Chart(
        id=f"table-{s.pk}", title=name, spec={}, description="", headers=headers, rows=rows
    )
    if getattr(request, "htmx", False):
        return render(request, "core/_chart_table.html", {"chart": chart})
    context = {
        "series": s,
        "chart": chart,
        "points": len(rows),
        "series_url": series_charts.org_unit_url(s),
        "crumbs": trail("Trust dashboard", "measurement:index"),
    }
    return render(request, "measurement/dashboards/series_table.html", context)
