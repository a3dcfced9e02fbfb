"""Health inequalities: a metric split by deprivation, ethnic group, age and sex.

``/data/metrics/<code>/inequalities/?unit=<site code>`` (no unit: the trust),
with ``split``, ``ref`` and ``group`` choosing the gap shown; ``/data/inequalities/``
lists the metrics that have splits. Stratified charts come from the SPC
cache; the ethnic groups (summed from their categories) and the gap are
small analyses made for the page. Every view needs ``measurement.view_metric``.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse

from qls.core.breadcrumbs import trail
from qls.core.exports import chart_response, table_response
from qls.measurement import inequalities as ineq
from qls.measurement.charts import inequalities as charts
from qls.measurement.charts import series as series_charts
from qls.measurement.dashboards.scope import Scope
from qls.measurement.models import Level, Metric, Series, StratumDimension
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.sharing import viewer
from qls.spc.charts import series_spec

DIMENSIONS = [
    (StratumDimension.IMD_QUINTILE, "Deprivation (IMD quintile)"),
    (StratumDimension.ETHNIC_GROUP, "Ethnic group"),
    (StratumDimension.AGE_BAND, "Age band"),
    (StratumDimension.SEX, "Sex"),
]


def _units(metric: Metric, seen: Q) -> list[tuple[str, str]]:
    """(unit code, name) of the units where this metric has strata the person
    may see; "" is the trust."""
    rows = (
        Series.objects.filter(seen, metric=metric, ward=None)
        .exclude(stratum_dimension="")
        .values_list("level", "site__code", "site__name")
        .distinct()
    )
    units = {("" if level == Level.TRUST else code, name or "Trust") for level, code, name in rows}
    return sorted(units, key=lambda u: (u[0] != "", u[1]))


def _scope(request: HttpRequest, metric: Metric) -> tuple[Scope, list[tuple[str, str]]]:
    seen = viewer(request.user).filter()
    units = _units(metric, seen)
    unit = request.GET.get("unit", "")
    if request.GET.get("level") == Level.TRUST:
        unit = ""
    if units and unit not in {u[0] for u in units}:
        raise Http404("This metric is not split by strata there")
    scope = Scope.find(Level.SITE, unit, seen) if unit else Scope(Level.TRUST, seen=seen)
    return scope, units


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not available"
    return f"{value:,.{digits}f}"


@dataclass
class Choice:
    """The gap the page shows: a split, its groups, the reference and the group compared."""

    dimension: str
    heading: str
    groups: list[ineq.Group]
    reference: ineq.Group
    focus: ineq.Group | None
    note: str = ""

    @property
    def is_deprivation_default(self) -> bool:
        return (
            self.dimension == StratumDimension.IMD_QUINTILE
            and self.focus is not None
            and self.focus.key == ineq.MOST_DEPRIVED
            and self.reference.key == ineq.LEAST_DEPRIVED
        )

    def query(self) -> dict[str, str]:
        out = {"split": self.dimension, "ref": self.reference.key}
        if self.focus is not None:
            out["group"] = self.focus.key
        return out


def _choose(
    request: HttpRequest, metric: Metric, by_dimension: dict[str, list[Series]]
) -> Choice | None:
    """The split, reference group and compared group named in the query, or the defaults.

    An unknown split or group is a 404 (the links and selects only offer real
    ones); a group compared with itself falls back to the default, saying so.
    """
    present = [(d, h) for d, h in DIMENSIONS if by_dimension.get(d)]
    if not present:
        return None
    wanted = request.GET.get("split") or present[0][0]
    if wanted not in dict(present):
        raise Http404("This metric is not split that way here")
    groups = ineq.split_groups(metric, wanted, by_dimension[wanted])
    by_key = {g.key: g for g in groups}
    for name in ("ref", "group"):
        if request.GET.get(name) and request.GET[name] not in by_key:
            raise Http404(f"No group {request.GET[name]!r} in this split")
    reference = by_key.get(request.GET.get("ref", "")) or ineq.default_reference(wanted, groups)
    if reference is None:
        return None
    note = ""
    focus = by_key.get(request.GET.get("group", ""))
    if focus is not None and focus.key == reference.key:
        note = (
            f"{focus.label} is the reference group, so it cannot be compared with itself: "
            "showing the group furthest from it instead."
        )
        focus = None
    focus = focus or ineq.default_focus(metric, wanted, groups, reference)
    return Choice(wanted, dict(present)[wanted], groups, reference, focus, note)


def _unaccounted_note(metric: Metric, scope: Scope, choice: Choice) -> str:
    """A warning when the split's groups do not add up to the unit's total."""
    site_id = scope.site.pk if scope.site else None
    wrong = ineq.unaccounted(metric, scope.level, site_id, choice.groups)
    if not wrong:
        return ""
    period, parts, whole = wrong[-1]
    return (
        f"In {len(wrong)} period{'s' if len(wrong) != 1 else ''} the groups of this split "
        f"do not add up to the total (for example {period:%b %Y}: {parts:,.0f} against "
        f"{whole:,.0f}), so the gap compares groups that are not all of the patients counted. "
        "Check the latest import of this metric."
    )


@permission_required(VIEW_DATA, raise_exception=True)
def inequalities(request: HttpRequest, code: str) -> HttpResponse:
    metric = get_object_or_404(Metric.objects.select_related("domain"), code=code)
    scope, units = _scope(request, metric)
    by_dimension = ineq.strata(
        metric, scope.level, scope.site.pk if scope.site else None, scope.seen
    )
    choice = _choose(request, metric, by_dimension)
    parts = _page_parts(metric, scope, by_dimension, choice)
    unaccounted = _unaccounted_note(metric, scope, choice) if choice else ""
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
    unit_query = {"unit": scope.site.code} if scope.site else {}
    context = {
        "metric": metric,
        "scope": scope,
        "units": units,
        "sections": sections,
        "choice": choice,
        "split_links": [
            {
                "dimension": d,
                "heading": h,
                "url": "?" + urlencode({**unit_query, "split": d}) + "#gap",
                "current": choice is not None and d == choice.dimension,
            }
            for d, h in DIMENSIONS
            if by_dimension.get(d)
        ],
        "gap": parts["gap"],
        "unaccounted": unaccounted,
        "crumbs": trail(
            "Trust dashboard",
            "measurement:index",
            ("Health inequalities", reverse("measurement:inequality_index")),
            (metric.name, metric.get_absolute_url()),
        ),
    }
    return render(request, "measurement/inequalities/metric.html", context)


def _page_parts(
    metric: Metric, scope: Scope, by_dimension: dict[str, list[Series]], choice: Choice | None
) -> dict[str, Any]:
    """The parts analysed for the page (ethnic groups, the gap), rendered and cached.

    The key holds the latest ``spc_computed_at`` of the strata, which changes
    whenever their data or the metric's definition change, and the gap chosen.
    """
    stamps = [s.spc_computed_at for items in by_dimension.values() for s in items]
    stamp = max((t.timestamp() for t in stamps if t), default=0)
    chosen = urlencode(choice.query()) if choice else ""
    # Which strata the parts are made of: people of different organisations may see different ones.
    which = hashlib.blake2b(
        ",".join(str(s.pk) for items in by_dimension.values() for s in items).encode(),
        digest_size=8,
    ).hexdigest()
    key = (
        f"qls:inequalities:v3:{metric.pk}:{scope.code}:{stamp}:{which}:"
        f"{metric.updated_at.timestamp()}:{chosen}"
    )
    parts = cache.get(key)
    if parts is not None:
        return parts
    cards = []
    for card in _ethnic_cards(metric, scope, by_dimension.get(StratumDimension.ETHNIC_GROUP, [])):
        chart = card.pop("chart")
        card["html"] = render_to_string("core/_chart.html", {"chart": chart})
        cards.append(card)
    analysis = None
    if choice is not None and choice.focus is not None:
        analysis = ineq.gap_between(metric, choice.focus, choice.reference)
    gap = None
    if analysis and choice:
        lo_hi = analysis.limits
        gap = {
            "kind": analysis.kind,
            "focus": analysis.focus,
            "reference": analysis.reference,
            "unit": ineq.gap_unit(metric, analysis),
            "limits": {"mean": _fmt(lo_hi[0]), "low": _fmt(lo_hi[1]), "high": _fmt(lo_hi[2])},
            "chart_html": render_to_string(
                "core/_chart.html",
                {
                    "chart": charts.gap_chart(
                        metric, analysis, _downloads(metric, scope, "gap", choice.query())
                    )
                },
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


def _ethnic_cards(metric: Metric, scope: Scope, items: list[Series]) -> list[dict[str, Any]]:
    grouped = ineq.grouped_ethnicity(metric, items)
    if grouped is None:
        return []
    cards = []
    for group in grouped.groups:
        chart = charts.group_chart(
            metric,
            grouped,
            group,
            _downloads(metric, scope, f"ethnic-{grouped.groups.index(group)}"),
        )
        summary = grouped.result.series_summary(grouped.groups.index(group))
        cards.append(
            {
                "chart": chart,
                "label": group,
                **_icons(summary.get("variation_icon"), summary.get("assurance_icon")),
            }
        )
    return cards


def _downloads(
    metric: Metric, scope: Scope, key: str, extra: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    query = {**({"unit": scope.site.code} if scope.site else {}), **(extra or {})}
    tail = f"?{urlencode(query)}" if query else ""
    return [
        (
            f"Download {label}",
            reverse("measurement:inequality_download", args=[metric.code, key, fmt]) + tail,
        )
        for fmt, label in series_charts.DOWNLOAD_FORMATS
    ]


# ----------------------------------------------------------------- the gap


def _gap_icons(analysis: ineq.GapAnalysis) -> dict[str, Any]:
    summary = analysis.result.summary.to_pylist()[0]
    return _icons(summary.get("variation_icon"), summary.get("assurance_icon"))


def _interval(low: Any, high: Any, why: str) -> str:
    """ "a to b", or why there is none: never "not available to not available"."""
    if _finite(low) and _finite(high):
        return f"{_fmt(low)} to {_fmt(high)}"
    return why


def _finite(value: Any) -> bool:
    return value is not None and math.isfinite(float(value))


def _summary_rows(metric: Metric, analysis: ineq.GapAnalysis) -> list[dict[str, Any]]:
    unit = ineq.gap_unit(metric, analysis)
    no_events = "no interval: a group had no events"
    out = []
    for s in analysis.summaries:
        g = s.gap
        out.append(
            {
                "label": s.label,
                "span": f"{s.start:%b %Y} to {s.end:%b %Y}",
                "most": _fmt(s.most),
                "least": _fmt(s.least),
                "difference": f"{_fmt(g.difference)} {unit}".strip(),
                "difference_ci": _interval(g.difference_low, g.difference_high, no_events),
                "ratio": _fmt(g.ratio),
                "ratio_ci": _interval(g.ratio_low, g.ratio_high, no_events),
                "method": g.method,
            }
        )
    return out


@permission_required(VIEW_DATA, raise_exception=True)
def inequality_download(request: HttpRequest, code: str, chart: str, fmt: str) -> HttpResponse:
    """The gap chart or an ethnic group chart as CSV, XLSX, SVG or PNG."""
    metric = get_object_or_404(Metric, code=code)
    scope, _ = _scope(request, metric)
    by_dimension = ineq.strata(
        metric, scope.level, scope.site.pk if scope.site else None, scope.seen
    )
    if chart == "gap":
        choice = _choose(request, metric, by_dimension)
        analysis = None
        if choice is not None and choice.focus is not None:
            analysis = ineq.gap_between(metric, choice.focus, choice.reference)
        if analysis is None:
            raise Http404("No gap between groups for this metric here")
        name = f"{charts.gap_title(metric, analysis)} {scope.name}"
        headers, rows = charts.gap_table(analysis)
        spec = charts.gap_spec(metric, analysis, width=900, height=360)
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
        headers, rows = charts.rows_table(metric, rows_)
        spec = series_spec(
            rows_, index, summary=grouped.result.series_summary(index),
            title=f"{metric.name}: {group}, {scope.name}", y_label=metric.unit or None,
            width=900, height=360,
        )  # fmt: skip
    else:
        raise Http404("No such chart")
    if fmt in ("csv", "xlsx"):
        return table_response(name, headers, rows, fmt)
    if fmt not in ("svg", "png"):
        raise Http404("Unknown format")
    return chart_response(name, spec, fmt)


@permission_required(VIEW_DATA, raise_exception=True)
def inequality_index(request: HttpRequest) -> HttpResponse:
    """Every metric with data split by patient group: which splits, and where."""
    rows = (
        Series.objects.filter(viewer(request.user).filter(), ward=None, metric__active=True)
        .exclude(stratum_dimension="")
        .values_list("metric_id", "stratum_dimension", "level", "site__code", "site__name")
        .distinct()
    )
    found: dict[int, dict[str, Any]] = {}
    for metric_id, dimension, level, code, name in rows:
        entry = found.setdefault(metric_id, {"dimensions": set(), "units": set()})
        entry["dimensions"].add(dimension)
        entry["units"].add(("", "Trust") if level == Level.TRUST else (code, name))
    metrics = Metric.objects.filter(pk__in=found).select_related("domain")
    order = [d for d, _h in DIMENSIONS]
    labels = dict(DIMENSIONS)
    items = []
    for metric in sorted(metrics, key=lambda m: m.name):
        entry = found[metric.pk]
        base = reverse("measurement:inequalities", args=[metric.code])
        items.append(
            {
                "metric": metric,
                "url": base,
                "splits": [labels[d] for d in order if d in entry["dimensions"]],
                "units": [
                    (name, f"{base}?unit={code}" if code else base)
                    for code, name in sorted(entry["units"], key=lambda u: (u[0] != "", u[1]))
                ],
            }
        )
    context = {
        "items": items,
        "crumbs": trail("Trust dashboard", "measurement:index"),
    }
    return render(request, "measurement/inequalities/index.html", context)
