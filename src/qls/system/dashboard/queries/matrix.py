"""The summary matrix: organisations by shared metrics, each cell the icons the person may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from qls.measurement.charts import series as series_charts
from qls.measurement.models import Metric, Series
from qls.organisation.models import Organisation
from qls.system.dashboard import permissions as perms
from qls.system.dashboard import pooling
from qls.system.dashboard.queries.icons import CELL_ICON_SIZE, icon_fields
from qls.system.dashboard.queries.series import by_organisation, organisation_level, shared_metrics


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
            icon_fields(
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


def home_context(user: Any) -> dict[str, Any]:
    """What the oversight home adds for the dashboard's summary matrix."""
    if not user.has_perm(perms.VIEW):
        return {"matrix": None}
    return {"matrix": matrix(user), "places_url": reverse("system:places")}
