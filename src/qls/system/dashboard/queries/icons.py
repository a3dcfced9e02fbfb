"""The variation and assurance icons of a pooled analysis, at a dashboard's sizes."""

from __future__ import annotations

from typing import Any

from qls.measurement.charts import series as series_charts

ICON_SIZE = 32


CELL_ICON_SIZE = 28


def icon_fields(
    variation: str, assurance: str, size: int, repeated: bool = False
) -> dict[str, Any]:
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
