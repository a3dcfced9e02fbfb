"""What the system dashboard shows, from ``visible_series`` only.

An organisation's organisation-level series of a metric is the host trust's
trust-level series, or a partner's site-level series (one per site: a
partner with several sites is pooled where the measure allows it). Every
series comes through ``qls.measurement.sharing.visible_series``, so a
partner's unshared data is never read, let alone shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.urls import reverse

from qls.core.charts import Chart
from qls.measurement.charts import series as series_charts
from qls.measurement.inequalities import stratum_label
from qls.measurement.models import Level, Metric, MetricShare, Series
from qls.measurement.sharing import visible_series
from qls.organisation.models import Organisation
from qls.organisation.tenancy import host_organisation
from qls.spc.charts import series_spec
from qls.system.dashboard import permissions as perms
from qls.system.dashboard import pooling
from qls.system.dashboard.models import Place

ICON_SIZE = 32
CELL_ICON_SIZE = 28


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


def _site_name(series: Series) -> str:
    return series.site.name if series.site is not None else ""


def _site_code(series: Series) -> str:
    return series.site.code if series.site is not None else str(series.pk)


def by_organisation(series: list[Series]) -> dict[tuple[int, int], list[Series]]:
    """(organisation id, metric id) -> that organisation's series of that metric."""
    host = host_organisation()
    grouped: dict[tuple[int, int], list[Series]] = defaultdict(list)
    for s in series:
        org = owner(s, host)
        if org is not None:
            grouped[(org.pk, s.metric_id)].append(s)
    return grouped


def _icons(variation: str, assurance: str, size: int, repeated: bool = False) -> dict[str, Any]:
    if repeated:
        return {**dict.fromkeys(("variation", "variation_label", "assurance")),
                "assurance_label": "", "assurance_basis": "",
                "repeated": series_charts.REPEATED_NOTE}  # fmt: skip
    return {
        "variation": series_charts.icon_html(variation, size),
        "variation_label": series_charts.icon_label(variation),
        "assurance": series_charts.icon_html(assurance, size),
        "assurance_label": series_charts.icon_label(assurance),
        "assurance_basis": "",
        "repeated": "",
    }


# ----------------------------------------------------------------- the matrix


@dataclass
class Cell:
    metric: Metric
    url: str
    icons: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # when there are no icons to show

    @property
    def has_icons(self) -> bool:
        return bool(self.icons.get("variation") or self.icons.get("assurance"))


@dataclass
class Row:
    organisation: Organisation
    cells: list[Cell | None]


@dataclass
class Matrix:
    metrics: list[Metric]
    rows: list[Row]


def _cell(metric: Metric, organisation: Organisation, series: list[Series]) -> Cell:
    url = f"{reverse('system:metric', args=[metric.code])}#org-{organisation.code}"
    if len(series) == 1:
        s = series[0]
        if not s.variation_icon and not series_charts.has_repeated_values(s):
            return Cell(metric, url, note="No results yet")
        return Cell(metric, url, series_charts.icons(s, CELL_ICON_SIZE))
    if pooling.poolable(metric):
        found = pooling.analyse_pooled(pooling.pool(metric, [s.pk for s in series]))
        if found is None:
            return Cell(metric, url, note="No results yet")
        summary = found[1]
        return Cell(
            metric,
            url,
            _icons(
                summary.get("variation_icon") or "",
                summary.get("assurance_icon") or "",
                CELL_ICON_SIZE,
                bool(summary.get("repeated_values")),
            ),
        )
    return Cell(metric, url, note=f"{len(series)} sites: see each")


def matrix(user: Any) -> Matrix:
    """Rows: organisations; columns: shared metrics; cells: the MDC icons the user may see."""
    metrics = list(shared_metrics())
    series = list(organisation_level(user, metrics).defer("spc_points").order_by("metric_id", "pk"))
    grouped = by_organisation(series)
    organisations = Organisation.objects.filter(pk__in={org for org, _m in grouped})
    rows = []
    for org in organisations.order_by("-is_host", "name"):
        cells: list[Cell | None] = []
        for metric in metrics:
            found = grouped.get((org.pk, metric.pk))
            cells.append(_cell(metric, org, found) if found else None)
        rows.append(Row(org, cells))
    return Matrix(metrics, rows)


# ----------------------------------------------------------------- one metric


@dataclass
class Panel:
    """One chart of the small multiples: an organisation (or a site of one), or the total."""

    id: str
    title: str
    icons: dict[str, Any]
    chart: Chart | None
    organisation: Organisation | None = None
    note: str = ""


def _pooled_panel(
    metric: Metric, series_ids: list[int], panel_id: str, title: str, **extra: Any
) -> Panel:
    found = pooling.analyse_pooled(pooling.pool(metric, series_ids))
    if found is None:
        return Panel(panel_id, title, {}, None, note="No data yet.", **extra)
    rows, summary = found
    spec = series_spec(
        rows,
        0,
        title=title,
        y_label=metric.unit or None,
        summary=summary,
        width="container",
        height=260,
        draw_icons=False,
    )
    headers = ["Period", f"Value ({metric.unit})" if metric.unit else "Value"]
    headers += ["Mean", "Lower limit", "Upper limit"]
    table = [[r["x"], r["y"], r["mean"], r["lpl"], r["upl"]] for r in rows]
    chart = Chart(
        id=panel_id, title=title, spec=spec, description=spec.get("description", ""),
        headers=headers, rows=table,
    )  # fmt: skip
    icons = _icons(
        summary.get("variation_icon") or "",
        summary.get("assurance_icon") or "",
        ICON_SIZE,
        bool(summary.get("repeated_values")),
    )
    return Panel(panel_id, title, icons, chart, **extra)


def _series_panel(s: Series, panel_id: str, title: str, organisation: Organisation) -> Panel:
    if not s.spc_points:
        return Panel(panel_id, title, {}, None, organisation, note="No results yet.")
    shown = series_charts.card_points(s, series_charts.DASHBOARD_POINTS)
    spec = series_charts.card_spec(s, points=shown, style="short")
    spec["title"] = (
        {**spec.get("title", {}), "text": title} if isinstance(spec.get("title"), dict) else title
    )
    headers, rows = series_charts.table(s, shown, full=False)
    more = f" The chart shows the latest {len(rows)} points." if shown and rows else ""
    chart = Chart(
        id=panel_id, title=title, spec=spec,
        description=spec.get("description", "") + more, headers=headers, rows=rows,
    )  # fmt: skip
    return Panel(panel_id, title, series_charts.icons(s, ICON_SIZE), chart, organisation)


def metric_panels(user: Any, metric: Metric) -> list[Panel]:
    """One panel per organisation the user may see data of (a partner's sites pooled if they can be)."""
    series = list(organisation_level(user, [metric]).order_by("pk"))
    grouped = by_organisation(series)
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in={k[0] for k in grouped})}
    panels = []
    for org in sorted(orgs.values(), key=lambda o: (not o.is_host, o.name)):
        members = grouped[(org.pk, metric.pk)]
        panel_id = f"org-{org.code}"
        if len(members) == 1:
            panels.append(_series_panel(members[0], panel_id, org.name, org))
        elif pooling.poolable(metric):
            title = f"{org.name} ({len(members)} sites pooled)"
            panels.append(
                _pooled_panel(metric, [s.pk for s in members], panel_id, title, organisation=org)
            )
        else:
            for i, s in enumerate(sorted(members, key=_site_name)):
                sid = panel_id if i == 0 else f"{panel_id}-{_site_code(s)}"
                panels.append(_series_panel(s, sid, f"{org.name}: {_site_name(s)}", org))
    _share_y_axis(panels)
    return panels


def _share_y_axis(panels: list[Panel]) -> None:
    """One y-range for the small multiples, so a taller line means a higher value
    (as the ward comparison does); limits below zero are drawn at zero."""
    drawn: list[float] = []
    values: list[float] = []
    for panel in panels:
        if panel.chart is None:
            continue
        for row in panel.chart.spec.get("data", {}).get("values", []):
            drawn += [
                row[k] for k in ("y", "lpl", "upl", "mean", "target") if row.get(k) is not None
            ]
            values += [row["y"]] if row.get("y") is not None else []
    if not drawn:
        return
    low, high = min(drawn), max(drawn)
    if values and min(values) >= 0:
        low = max(low, 0.0)
    if high <= low:
        return
    for panel in panels:
        if panel.chart is not None and "encoding" in panel.chart.spec:
            y = panel.chart.spec["encoding"].get("y")
            if isinstance(y, dict):
                y["scale"] = {"domain": [low, high], "zero": False, "nice": True}


def system_total(user: Any, metric: Metric) -> Panel | None:
    """The pooled total of every organisation-level series the user may see; None if not poolable."""
    if not pooling.poolable(metric):
        return None
    ids = list(organisation_level(user, [metric]).values_list("pk", flat=True))
    if len(ids) == 0:
        return None
    return _pooled_panel(metric, ids, "system-total", f"{metric.name}: system total")


# ----------------------------------------------------------------- places


@dataclass
class Figure:
    label: str
    value: float | None
    period: Any
    contributors: int
    note: str = ""


@dataclass
class PlaceMetric:
    metric: Metric
    total: Figure | None
    splits: dict[str, list[Figure]]  # dimension label -> one figure per stratum value
    note: str = ""
    each: list[Figure] = field(default_factory=list)  # not poolable: each organisation's


@dataclass
class PlaceView:
    place: Place
    organisations: list[Organisation]
    metrics: list[PlaceMetric]


def _latest_figure(metric: Metric, label: str, series: list[Series]) -> Figure | None:
    ids = [s.pk for s in series]
    period = pooling.latest_period(ids)
    if period is None:
        return None
    pooled = pooling.pool(metric, ids, period=period)
    if not pooled.periods:
        return None
    return Figure(label, pooled.value(0), period, pooled.contributors[0])


def _own_figures(label: str, series: list[Series], host: Organisation | None) -> list[Figure]:
    """Each organisation's latest value, for a measure that cannot be pooled."""
    return [
        Figure(
            f"{label}: {owner(s, host)}" if label else str(owner(s, host)),
            s.latest_value,
            s.latest_period,
            1,
        )
        for s in series
        if s.latest_period is not None
    ]


def places(user: Any) -> list[PlaceView]:
    """Each place, its organisations, and each shared metric's figures there."""
    host = host_organisation()
    metrics = list(shared_metrics())
    whole = list(organisation_level(user, metrics).defer("spc_points"))
    split = list(organisation_level(user, metrics, strata=True).defer("spc_points"))
    out = []
    for place in Place._default_manager.prefetch_related("organisations"):
        orgs = list(place.organisations.order_by("-is_host", "name"))
        members = {o.pk for o in orgs}

        def here(series: list[Series], metric: Metric, members: set[int] = members) -> list[Series]:
            return [
                s for s in series
                if s.metric_id == metric.pk and getattr(owner(s, host), "pk", None) in members
            ]  # fmt: skip

        rows = []
        for metric in metrics:
            own = here(whole, metric)
            strata = here(split, metric)
            if not own and not strata:
                continue
            by_stratum: dict[tuple[str, str], list[Series]] = defaultdict(list)
            for s in strata:
                by_stratum[(s.stratum_dimension, s.stratum_value)].append(s)
            splits: dict[str, list[Figure]] = defaultdict(list)
            if pooling.poolable(metric):
                total = _latest_figure(metric, place.name, own) if own else None
                for (dim, value), found in sorted(by_stratum.items()):
                    figure = _latest_figure(metric, stratum_label(dim, value), found)
                    if figure is not None:
                        splits[found[0].get_stratum_dimension_display()].append(figure)
                rows.append(PlaceMetric(metric, total, dict(splits)))
            else:
                for (dim, value), found in sorted(by_stratum.items()):
                    splits[found[0].get_stratum_dimension_display()] += _own_figures(
                        stratum_label(dim, value), found, host
                    )
                note = "Not pooled: its values cannot be added across organisations."
                each = _own_figures("", own, host)
                rows.append(PlaceMetric(metric, None, dict(splits), note, each))
        out.append(PlaceView(place, orgs, rows))
    return out


def home_context(user: Any) -> dict[str, Any]:
    """What the oversight home adds for the dashboard's summary matrix."""
    if not user.has_perm(perms.VIEW):
        return {"matrix": None}
    return {"matrix": matrix(user), "places_url": reverse("system:places")}


def metric_state(user: Any, metric: Metric) -> tuple[Any, ...]:
    """What the metric's page for ``user`` is built from, in one aggregate query:
    the series seen (how many, which), their last SPC computation, the metric's
    last change. A share, a recompute or an edit gives a new tuple."""
    state = visible_series(user, Series.objects.filter(metric=metric)).aggregate(
        stamp=Max("spc_computed_at"), count=Count("id"), ids=Sum("id")
    )
    stamp = state["stamp"].timestamp() if state["stamp"] else 0
    return (stamp, state["count"], state["ids"] or 0, metric.updated_at.timestamp())
