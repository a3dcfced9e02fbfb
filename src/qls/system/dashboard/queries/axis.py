"""One y-range shared by the small multiples of a metric."""

from __future__ import annotations

from qls.core.charts import Chart


def share_y_axis(charts: list[Chart]) -> None:
    """One y-range for the small multiples, so a taller line means a higher value
    (as the ward comparison does); limits below zero are drawn at zero."""
    drawn: list[float] = []
    values: list[float] = []
    for chart in charts:
        for row in chart.spec.get("data", {}).get("values", []):
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
    for chart in charts:
        if "encoding" in chart.spec:
            y = chart.spec["encoding"].get("y")
            if isinstance(y, dict):
                y["scale"] = {"domain": [low, high], "zero": False, "nice": True}
