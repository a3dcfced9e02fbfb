"""Health-inequality charts: each ethnic group's SPC chart, and the gap between two groups.

Each comes with the table a screen reader or a download reads; the page
says where the downloads are.
"""

from __future__ import annotations

import math
from typing import Any

from django.utils.text import slugify

from qls.core.charts import Chart
from qls.measurement import inequalities as ineq
from qls.measurement.models import Metric
from qls.spc.charts import POINT_TYPE_LABELS, series_spec


def group_chart(
    metric: Metric, grouped: ineq.GroupedSeries, group: str, downloads: list[tuple[str, str]]
) -> Chart:
    """One ethnic group's SPC chart, its categories named in the description."""
    rows = ineq.grouped_rows(grouped, group)
    index = grouped.groups.index(group)
    summary = grouped.result.series_summary(index)
    title = f"{group}"
    spec = series_spec(
        rows, index, summary=summary, title=title, y_label=metric.unit or None,
        width="container", height=220,
    )  # fmt: skip
    headers, table = rows_table(metric, rows)
    members = ", ".join(grouped.members.get(group, []))
    return Chart(
        id=f"ethnic-{slugify(group)}",
        title=title,
        spec=spec,
        description=f"{spec.get('description', '')} Categories included: {members}.",
        headers=headers,
        rows=table,
        downloads=downloads,
    )


def rows_table(metric: Metric, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
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


def gap_title(metric: Metric, analysis: ineq.GapAnalysis) -> str:
    if analysis.focus.startswith("IMD quintile 1") and analysis.reference.startswith(
        "IMD quintile 5"
    ):
        return f"Gap between most and least deprived: {metric.name}"
    return f"Gap, {analysis.focus} minus {analysis.reference}: {metric.name}"


def gap_spec(metric: Metric, analysis: ineq.GapAnalysis, **kwargs: Any) -> dict[str, Any]:
    summary = analysis.result.summary.to_pylist()[0]
    unit = ineq.gap_unit(metric, analysis)
    label = f"{analysis.focus} minus {analysis.reference}"
    return series_spec(
        ineq.gap_rows(analysis), 0, summary=summary, title=gap_title(metric, analysis),
        y_label=f"{label} ({unit})" if unit else label, **kwargs,
    )  # fmt: skip


def gap_table(analysis: ineq.GapAnalysis) -> tuple[list[str], list[list[Any]]]:
    """One row per period. Proportions and rates carry the gap's 95% interval; a
    plain value carries none (an aggregated value holds no spread), so no column."""
    intervals = analysis.kind != "value"
    headers = [
        "Period",
        analysis.focus,
        analysis.reference,
        "Gap (group minus reference)",
        *(["95% CI lower", "95% CI upper"] if intervals else []),
        "Ratio (group / reference)",
        "Variation of the gap",
    ]
    rows = ineq.gap_rows(analysis)
    types = {r["x"]: r["point_type"] for r in rows}
    g = analysis.per_period
    out = []
    for i, period in enumerate(analysis.periods):
        ci = [_round(_at(g.difference_low, i)), _round(_at(g.difference_high, i))]
        out.append(
            [
                period.isoformat(),
                _round(analysis.most[i]),
                _round(analysis.least[i]),
                _round(_at(g.difference, i)),
                *(ci if intervals else []),
                _round(_at(g.ratio, i)),
                POINT_TYPE_LABELS.get(types.get(period) or "", "No value"),
            ]
        )
    return headers, out


def _at(values: Any, i: int) -> float | None:
    v = float(values[i])
    return v if math.isfinite(v) else None


def gap_chart(
    metric: Metric, analysis: ineq.GapAnalysis, downloads: list[tuple[str, str]]
) -> Chart:
    """The SPC chart of the gap between two groups, with its table."""
    spec = gap_spec(metric, analysis, width="container", height=280)
    headers, rows = gap_table(analysis)
    return Chart(
        id="gap-chart",
        title=gap_title(metric, analysis),
        spec=spec,
        description=spec.get("description", ""),
        headers=headers,
        rows=rows,
        downloads=downloads,
    )
