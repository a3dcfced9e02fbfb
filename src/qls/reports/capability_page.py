"""The improvement and capability section as a page shows it, from its frozen data only.

The XmR chart of staff trained is the training report's own chart
(``capability.training.charts.trained_spc``) drawn from the frozen monthly
counts, rendered on the server to SVG so the same partial prints in a PDF.
The SVG is kept in memory by its inputs: a frozen edition never changes, so
neither does its picture.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any

from qls.capability.training import charts
from qls.spc.charts import spec_to_svg


@dataclass
class TrainingChart:
    title: str
    description: str
    src: str  # a data: URI, so the page asks no other address for it


@functools.lru_cache(maxsize=64)
def _chart(label: str, points_json: str, target: float | None) -> TrainingChart | None:
    series = [(dt.date.fromisoformat(day), int(n)) for day, n in json.loads(points_json)]
    chart = charts.trained_spc(series, period="month", target=target, what=f"{label} completions")
    if chart is None:
        return None
    svg = spec_to_svg(chart.spec)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return TrainingChart(chart.title, chart.description, src)


def present(frozen: dict[str, Any] | None) -> dict[str, Any] | None:
    """What ``reports/_capability.html`` shows, or None for an edition frozen without it."""
    if not frozen:
        return None
    training = []
    for row in frozen.get("training", []):
        trajectory = row.get("trajectory")
        training.append(
            {
                **row,
                "gap": None if trajectory is None else round(row["total"] - trajectory),
                "chart": _chart(
                    row["label"], json.dumps(row.get("points", [])), row.get("target_per_month")
                ),
            }
        )
    wards = frozen.get("wards")
    if wards:
        wards = {
            **wards,
            "waves": [
                {**w, "start_date": dt.date.fromisoformat(w["start"])} for w in wards["waves"]
            ],
        }
    return {
        **frozen,
        "wards": wards,
        "cutoff_date": dt.date.fromisoformat(frozen["cutoff"]),
        "period_date": dt.date.fromisoformat(frozen["period"]),
        "training": training,
    }
