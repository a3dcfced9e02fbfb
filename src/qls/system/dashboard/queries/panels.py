"""One metric's small multiples: a chart per organisation (a partner's sites pooled where they can be) and the system total."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qls.core.charts import Chart
from qls.measurement.charts import series as series_charts
from qls.measurement.models import Metric, Series
from qls.organisation.models import Organisation
from qls.spc.charts import series_spec
from qls.system.dashboard import pooling
from qls.system.dashboard.queries.axis import share_y_axis
from qls.system.dashboard.queries.icons import ICON_SIZE, icon_fields
from qls.system.dashboard.queries.series import by_organisation, organisation_level


def _site_name(series: Series) -> str:
    return series.site.name if series.site is not None else ""


def _site_code(series: Series) -> str:
    return series.site.code if series.site is not None else str(series.pk)


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
    icons = icon_fields(
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
    share_y_axis([p.chart for p in panels if p.chart is not None])
    return panels


def system_total(user: Any, metric: Metric) -> Panel | None:
    """The pooled total of every organisation-level series the user may see; None if not poolable."""
    if not pooling.poolable(metric):
        return None
    ids = list(organisation_level(user, [metric]).values_list("pk", flat=True))
    if len(ids) == 0:
        return None
    return _pooled_panel(metric, ids, "system-total", f"{metric.name}: system total")
