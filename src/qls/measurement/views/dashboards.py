"""Trust, site and ward dashboards; the metric at one unit; ward comparison; downloads.

Everything here reads the SPC cache on ``Series``: no page runs the engine.
Every view needs ``measurement.view_metric`` (every role has it).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.safestring import mark_safe

from qls.core.charts import Chart
from qls.core.exports import chart_response, table_response
from qls.core.pagination import paginate
from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards import (
    ASSURANCE_COLUMNS,
    VARIATION_ROWS,
    Scope,
    WarningFilters,
    early_warnings,
    filter_by_icons,
    filter_warnings,
    left_out_of_warnings,
    matrix,
    own_series,
)
from qls.measurement.forms.early_warnings import EarlyWarningFilterForm
from qls.measurement.models import Level, Metric, RebasePoint, Series
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.sharing import viewer
from qls.measurement.spc_cache import CONCERN_ICONS, IMPROVEMENT_ICONS
from qls.organisation.models import Site, Ward

WARNINGS_ON_DASHBOARD = 10
BODY_SECONDS = 600
MAX_POINTS = 1000


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


def _scoped(url: str, scope: Scope) -> str:
    return url + "?" + "&".join(f"{k}={v}" for k, v in scope.query().items())


@permission_required(VIEW_DATA, raise_exception=True)
def trust(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, Level.TRUST)


@permission_required(VIEW_DATA, raise_exception=True)
def site(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard(request, Level.SITE, code)


@permission_required(VIEW_DATA, raise_exception=True)
def ward(request: HttpRequest, code: str) -> HttpResponse:
    return _dashboard(request, Level.WARD, code)


def _seen(request: HttpRequest) -> Q:
    """The series the signed-in person may see (see qls.measurement.sharing)."""
    return viewer(request.user).filter()


def _scope_from_query(request: HttpRequest) -> Scope:
    level = request.GET.get("level") or Level.TRUST
    if level not in Level.values:
        raise Http404("No such level")
    return Scope.find(level, request.GET.get("unit"), _seen(request))


def _scope_of_unit(request: HttpRequest, code: str) -> Scope:
    """The scope the filter form chose: a site or ward code, or the trust."""
    level = request.GET.get("level")
    if level:  # links from a dashboard name the level
        return _scope_from_query(request)
    if not code:
        return Scope(Level.TRUST, seen=_seen(request))
    if Site.objects.filter(code=code).exists():
        return Scope.find(Level.SITE, code, _seen(request))
    return Scope.find(Level.WARD, code, _seen(request))


WARNINGS_PER_PAGE = 25


@permission_required(VIEW_DATA, raise_exception=True)
def early_warning_list(request: HttpRequest) -> HttpResponse:
    """Every early warning under a unit, filtered by domain, rule and date, 25 a page."""
    if request.GET.get("level"):
        _scope_from_query(request)  # an unknown unit in a dashboard's link is a 404
    data = request.GET.copy()
    if data.get("level") == Level.TRUST:
        data["unit"] = ""
    form = EarlyWarningFilterForm(data)
    if not form.is_valid():
        scope = Scope(Level.TRUST)
        if "unit" not in form.errors:
            scope = _scope_of_unit(request, form.cleaned_data.get("unit", ""))
        context = {
            "scope": scope,
            "form": form,
            "page": None,
            "count": 0,
            "left_out": [],
            "crumbs": [*scope.crumbs(), (f"{scope.name} dashboard", scope.url)],
        }
        return render(request, "measurement/dashboards/early_warnings.html", context, status=400)
    scope = _scope_of_unit(request, form.cleaned_data["unit"])
    filters = WarningFilters(
        domain=form.cleaned_data["domain"],
        rule=form.cleaned_data["rule"],
        since=form.cleaned_data["since"],
    )
    found = filter_warnings(early_warnings(scope, gaps=True), filters)
    paging = paginate(request, found, WARNINGS_PER_PAGE)
    kept = {
        "unit": scope.code,
        "domain": filters.domain,
        "rule": filters.rule,
        "since": filters.since.isoformat() if filters.since else "",
    }
    context = {
        "scope": scope,
        "form": form,
        **paging,
        "warnings": paging["page"].object_list,
        "count": len(found),
        "filtered": any((filters.domain, filters.rule, filters.since)),
        "query": urlencode({k: v for k, v in kept.items() if v}),
        "left_out": left_out_of_warnings(scope),
        "crumbs": [*scope.crumbs(), (f"{scope.name} dashboard", scope.url)],
    }
    return render(request, "measurement/dashboards/early_warnings.html", context)


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
        "crumbs": [
            ("Home", reverse("core:home")),
            ("Trust dashboard", reverse("measurement:index")),
        ],
    }
    return render(request, "measurement/dashboards/series_table.html", context)
