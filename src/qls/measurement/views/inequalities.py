"""Health inequalities: a metric split by deprivation, ethnic group, age and sex.

``/data/metrics/<code>/inequalities/?unit=<site code>`` (no unit: the trust).
Stratified charts come from the SPC cache; the ethnic groups (summed from
their categories) and the deprivation gap are small analyses made for the
page. Every view needs ``measurement.view_metric``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from qls.core.charts import Chart
from qls.core.exports import table_response
from qls.measurement import inequalities as ineq
from qls.measurement import series_charts
from qls.measurement.dashboards import Scope
from qls.measurement.models import Level, Metric, Series, StratumDimension
from qls.measurement.permissions import VIEW_DATA
from qls.spc.charts import POINT_TYPE_LABELS, series_spec, spec_to_png, spec_to_svg

DIMENSIONS = [
    (StratumDimension.IMD_QUINTILE, "Deprivation (IMD quintile)"),
    (StratumDimension.ETHNIC_GROUP, "Ethnic group"),
    (StratumDimension.AGE_BAND, "Age band"),
    (StratumDimension.SEX, "Sex"),
]


def _units(metric: Metric) -> list[tuple[str, str]]:
    """(unit code, name) of the units where this metric has strata; "" is the trust."""
    rows = (
        Series.objects.filter(metric=metric, ward=None)
        .exclude(stratum_dimension="")
        .values_list("level", "site__code", "site__name")
        .distinct()
    )
    units = {("" if level == Level.TRUST else code, name or "Trust") for level, code, name in rows}
    return sorted(units, key=lambda u: (u[0] != "", u[1]))


def _scope(request: HttpRequest, metric: Metric) -> tuple[Scope, list[tuple[str, str]]]:
    units = _units(metric)
    unit = request.GET.get("unit", "")
    if request.GET.get("level") == Level.TRUST:
        unit = ""
    if units and unit not in {u[0] for u in units}:
        raise Http404("This metric is not split by strata there")
    scope = Scope.find(Level.SITE, unit) if unit else Scope(Level.TRUST)
    return scope, units


def _query(scope: Scope) -> str:
    return f"?unit={scope.site.code}" if scope.site else ""


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not available"
    return f"{value:,.{digits}f}"


@permission_required(VIEW_DATA, raise_exception=True)
def inequalities(request: HttpRequest, code: str) -> HttpResponse:
    metric = get_object_or_404(Metric.objects.select_related("domain"), code=code)
    scope, units = _scope(request, metric)
    by_dimension = ineq.strata(metric, scope.level, scope.site.pk if scope.site else None)
    parts = _page_parts(metric, scope, by_dimension)
    sections = []
    for dimension, heading in DIMENSIONS:
        items = by_dimension.get(dimension, [])
        if not items:
            continue
        if dimension == StratumDimension.ETHNIC_GROUP:
            cards = parts["ethnic_cards"]
        else:
            html = series_charts.chart_html_many(items, titles="stratum")
            cards = [
                {
                    "html": html.get(s.pk),
                    "label": ineq.stratum_label(s.stratum_dimension, s.stratum_value),
                    **_icons(s.variation_icon, s.assurance_icon),
                }
                for s in items
            ]
        sections.append({"dimension": dimension, "heading": heading, "cards": cards})
    context = {
        "metric": metric,
        "scope": scope,
        "units": units,
        "sections": sections,
        "gap": parts["gap"],
        "crumbs": [
            ("Home", reverse("core:home")),
            ("Trust dashboard", reverse("measurement:index")),
            ("Metrics", reverse("measurement:metrics")),
            (metric.name, metric.get_absolute_url()),
        ],
    }
    return render(request, "measurement/inequalities/metric.html", context)


def _page_parts(
    metric: Metric, scope: Scope, by_dimension: dict[str, list[Series]]
) -> dict[str, Any]:
    """The parts analysed for the page (ethnic groups, the gap), rendered and cached.

    The key holds the latest ``spc_computed_at`` of the strata, which changes
    whenever their data or the metric's definition change.
    """
    stamps = [s.spc_computed_at for items in by_dimension.values() for s in items]
    stamp = max((t.timestamp() for t in stamps if t), default=0)
    key = f"qls:inequalities:v1:{metric.pk}:{scope.code}:{stamp}:{metric.updated_at.timestamp()}"
    parts = cache.get(key)
    if parts is not None:
        return parts
    cards = []
    for card in _ethnic_cards(metric, scope, by_dimension.get(StratumDimension.ETHNIC_GROUP, [])):
        chart = card.pop("chart")
        card["html"] = render_to_string("core/_chart.html", {"chart": chart})
        cards.append(card)
    analysis = ineq.deprivation_gap(metric, by_dimension.get(StratumDimension.IMD_QUINTILE, []))
    gap = None
    if analysis:
        gap = {
            "kind": analysis.kind,
            "chart_html": render_to_string(
                "core/_chart.html", {"chart": _gap_chart(metric, scope, analysis)}
            ),
            "icons": _gap_icons(analysis),
            "summaries": _summary_rows(metric, analysis),
        }
    parts = {"ethnic_cards": cards, "gap": gap}
    cache.set(key, parts, series_charts.CACHE_SECONDS)
    return parts


def _icons(variation: str | None, assurance: str | None) -> dict[str, Any]:
    return {
        "variation": series_charts.icon_html(variation or "", 32),
        "variation_label": series_charts.icon_label(variation or ""),
        "assurance": series_charts.icon_html(assurance or "", 32),
        "assurance_label": series_charts.icon_label(assurance or ""),
    }


# ----------------------------------------------------------------- ethnic groups


def _group_chart(metric: Metric, scope: Scope, grouped: ineq.GroupedSeries, group: str) -> Chart:
    rows = ineq.grouped_rows(grouped, group)
    index = grouped.groups.index(group)
    summary = grouped.result.series_summary(index)
    title = f"{group}"
    spec = series_spec(
        rows, index, summary=summary, title=title, y_label=metric.unit or None,
        width="container", height=220,
    )  # fmt: skip
    headers, table = _rows_table(metric, rows)
    members = ", ".join(grouped.members.get(group, []))
    return Chart(
        id=f"ethnic-{slugify(group)}",
        title=title,
        spec=spec,
        description=f"{spec.get('description', '')} Categories included: {members}.",
        headers=headers,
        rows=table,
        downloads=_downloads(metric, scope, f"ethnic-{index}"),
    )


def _ethnic_cards(metric: Metric, scope: Scope, items: list[Series]) -> list[dict[str, Any]]:
    grouped = ineq.grouped_ethnicity(metric, items)
    if grouped is None:
        return []
    cards = []
    for group in grouped.groups:
        chart = _group_chart(metric, scope, grouped, group)
        summary = grouped.result.series_summary(grouped.groups.index(group))
        cards.append(
            {
                "chart": chart,
                "label": group,
                **_icons(summary.get("variation_icon"), summary.get("assurance_icon")),
            }
        )
    return cards


def _rows_table(metric: Metric, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    unit = f" ({metric.unit})" if metric.unit else ""
    headers = ["Period", f"Value{unit}", "Mean", "Lower limit", "Upper limit", "Variation"]
    out = [
        [
            r["x"].isoformat(),
            _round(r["y"]),
            _round(r["mean"]),
            _round(r["lpl"]),
            _round(r["upl"]),
            POINT_TYPE_LABELS.get(r["point_type"] or "", "No value"),
        ]
        for r in rows
    ]
    return headers, out


def _round(value: Any) -> Any:
    return None if value is None else round(float(value), 4)


def _downloads(metric: Metric, scope: Scope, key: str) -> list[tuple[str, str]]:
    return [
        (
            f"Download {label}",
            reverse("measurement:inequality_download", args=[metric.code, key, fmt])
            + _query(scope),
        )
        for fmt, label in series_charts.DOWNLOAD_FORMATS
    ]


# ----------------------------------------------------------------- the gap


def _gap_title(metric: Metric) -> str:
    return f"Gap between most and least deprived: {metric.name}"


def _gap_spec(metric: Metric, analysis: ineq.GapAnalysis, **kwargs: Any) -> dict[str, Any]:
    summary = analysis.result.summary.to_pylist()[0]
    unit = "percentage points" if analysis.kind == "proportion" else metric.unit
    return series_spec(
        ineq.gap_rows(analysis), 0, summary=summary, title=_gap_title(metric),
        y_label=f"Quintile 1 minus quintile 5 ({unit})" if unit else None, **kwargs,
    )  # fmt: skip


def _gap_table(analysis: ineq.GapAnalysis) -> tuple[list[str], list[list[Any]]]:
    headers = [
        "Period",
        "IMD quintile 1 (most deprived)",
        "IMD quintile 5 (least deprived)",
        "Gap (1 minus 5)",
        "95% CI lower",
        "95% CI upper",
        "Ratio (1 / 5)",
        "Variation of the gap",
    ]
    rows = ineq.gap_rows(analysis)
    types = {r["x"]: r["point_type"] for r in rows}
    g = analysis.per_period
    out = []
    for i, period in enumerate(analysis.periods):
        out.append(
            [
                period.isoformat(),
                _round(analysis.most[i]),
                _round(analysis.least[i]),
                _round(_at(g.difference, i)),
                _round(_at(g.difference_low, i)),
                _round(_at(g.difference_high, i)),
                _round(_at(g.ratio, i)),
                POINT_TYPE_LABELS.get(types.get(period) or "", "No value"),
            ]
        )
    return headers, out


def _at(values: Any, i: int) -> float | None:
    v = float(values[i])
    return v if math.isfinite(v) else None


def _gap_chart(metric: Metric, scope: Scope, analysis: ineq.GapAnalysis) -> Chart:
    spec = _gap_spec(metric, analysis, width="container", height=280)
    headers, rows = _gap_table(analysis)
    return Chart(
        id="gap-chart",
        title=_gap_title(metric),
        spec=spec,
        description=spec.get("description", ""),
        headers=headers,
        rows=rows,
        downloads=_downloads(metric, scope, "gap"),
    )


def _gap_icons(analysis: ineq.GapAnalysis) -> dict[str, Any]:
    summary = analysis.result.summary.to_pylist()[0]
    return _icons(summary.get("variation_icon"), summary.get("assurance_icon"))


def _summary_rows(metric: Metric, analysis: ineq.GapAnalysis) -> list[dict[str, Any]]:
    unit = "percentage points" if analysis.kind == "proportion" else metric.unit
    out = []
    for s in analysis.summaries:
        g = s.gap
        out.append(
            {
                "label": s.label,
                "span": f"{s.start:%b %Y} to {s.end:%b %Y}",
                "most": _fmt(s.most),
                "least": _fmt(s.least),
                "difference": f"{_fmt(g.difference)} {unit}",
                "difference_ci": f"{_fmt(g.difference_low)} to {_fmt(g.difference_high)}",
                "ratio": _fmt(g.ratio),
                "ratio_ci": f"{_fmt(g.ratio_low)} to {_fmt(g.ratio_high)}",
                "method": g.method,
            }
        )
    return out


@permission_required(VIEW_DATA, raise_exception=True)
def inequality_download(request: HttpRequest, code: str, chart: str, fmt: str) -> HttpResponse:
    """The gap chart or an ethnic group chart as CSV, XLSX, SVG or PNG."""
    metric = get_object_or_404(Metric, code=code)
    scope, _ = _scope(request, metric)
    by_dimension = ineq.strata(metric, scope.level, scope.site.pk if scope.site else None)
    if chart == "gap":
        analysis = ineq.deprivation_gap(metric, by_dimension.get(StratumDimension.IMD_QUINTILE, []))
        if analysis is None:
            raise Http404("No deprivation gap for this metric here")
        name = f"{_gap_title(metric)} {scope.name}"
        headers, rows = _gap_table(analysis)
        spec = _gap_spec(metric, analysis, width=900, height=360)
    elif chart.startswith("ethnic-") and chart[7:].isdigit():
        grouped = ineq.grouped_ethnicity(
            metric, by_dimension.get(StratumDimension.ETHNIC_GROUP, [])
        )
        index = int(chart[7:])
        if grouped is None or index >= len(grouped.groups):
            raise Http404("No such ethnic group chart")
        group = grouped.groups[index]
        name = f"{metric.name} {group} {scope.name}"
        rows_ = ineq.grouped_rows(grouped, group)
        headers, rows = _rows_table(metric, rows_)
        spec = series_spec(
            rows_, index, summary=grouped.result.series_summary(index),
            title=f"{metric.name}: {group}, {scope.name}", y_label=metric.unit or None,
            width=900, height=360,
        )  # fmt: skip
    else:
        raise Http404("No such chart")
    if fmt in ("csv", "xlsx"):
        return table_response(name, headers, rows, fmt)
    stem = f"{slugify(name) or 'chart'}-{dt.date.today():%Y-%m-%d}"
    if fmt == "svg":
        response = HttpResponse(spec_to_svg(spec), content_type="image/svg+xml")
    elif fmt == "png":
        response = HttpResponse(spec_to_png(spec), content_type="image/png")
    else:
        raise Http404("Unknown format")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
