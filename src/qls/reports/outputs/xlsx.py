"""The SPC summary table of an edition as an Excel workbook: one row per metric."""

from __future__ import annotations

from typing import Any

from qls.core.exports import xlsx_bytes
from qls.measurement.charts.series import icon_label
from qls.reports.models import Edition, EditionItem
from qls.reports.summary import sections, summary_value

HEADERS = [
    "Section",
    "Metric",
    "Reported at",
    "Unit",
    "Period",
    "Latest value",
    "Mean",
    "Lower process limit",
    "Upper process limit",
    "Target",
    "Variation",
    "Assurance",
    "Exception or good news",
]

NO_DATA = "No data for this period"


def row(section: str, item: EditionItem) -> list[Any]:
    head = [section, item.metric_name, item.org_unit_name, item.unit]
    if not item.has_data:
        return [*head, NO_DATA, None, None, None, None, item.target, "", "", ""]
    return [
        *head,
        item.latest_period,
        item.latest_value,
        summary_value(item, "last_mean"),
        summary_value(item, "last_lpl"),
        summary_value(item, "last_upl"),
        item.target,
        icon_label(item.variation_icon) if item.variation_icon else "",
        icon_label(item.assurance_icon) if item.assurance_icon else "",
        item.get_kind_display() if item.kind else "",
    ]


def render(edition: Edition, progress: Any) -> bytes:
    items = list(edition.items.all())
    rows = [row(title, item) for title, group in sections(items) for item in group]
    progress(1, 1)
    return xlsx_bytes(HEADERS, rows, sheet=f"{edition.period:%B %Y}")
