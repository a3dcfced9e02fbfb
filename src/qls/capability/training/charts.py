"""Charts for the training reports: SPC of staff trained, trajectory, completion, self-efficacy.

Every chart is a :class:`qls.core.charts.Chart`: a Vega-Lite spec, a sentence
saying what it shows, and the numbers as a table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from qls.capability.training.efficacy import EfficacyRow
from qls.capability.training.reports import period_label
from qls.core.charts import Chart
from qls.spc import SpcInputError, analyse
from qls.spc.charts import ICON_LABELS, series_spec

MIN_SPC_POINTS = 3


def _r(value: Any, places: int = 2) -> Any:
    return round(value, places) if isinstance(value, float) else value


def trained_spc(
    series: list[tuple[dt.date, int]], *, period: str, target: float | None, what: str
) -> Chart | None:
    """XmR chart of people trained per period, with the target per period as its target line."""
    if len(series) < MIN_SPC_POINTS:
        return None
    options: dict[str, list[Any]] = {"series_id": [0], "improvement_direction": ["increase"]}
    if target:
        options["target"] = [float(target)]
    try:
        result = analyse(
            {
                "series_id": [0] * len(series),
                "x": [d for d, _ in series],
                "y": [float(n) for _, n in series],
            },
            options,
            chart="xmr",
        )
    except SpcInputError:
        return None
    rows = result.series_points(0).to_pylist()
    summary = result.series_summary(0)
    spec = series_spec(
        rows,
        0,
        title=f"{what} per {period}",
        y_label=f"People trained per {period}",
        summary=summary,
        width="container",
        height=300,
    )
    icon = summary.get("variation_icon") or ""
    first, last = series[0][0], series[-1][0]
    description = (
        f"XmR chart of {what.lower()} per {period}, {len(series)} points from "
        f"{period_label(first, period)} to {period_label(last, period)}. Latest: "
        f"{ICON_LABELS.get(icon, 'no variation signal yet').lower()}."
    )
    if target:
        description += f" Target: {target:g} per {period}."
    return Chart(
        id="trained-spc",
        title=f"{what} per {period}",
        spec=spec,
        description=description,
        headers=["Period", "Trained", "Mean", "Lower limit", "Upper limit", "Point"],
        rows=[
            [
                period_label(r["x"], period),
                _r(r.get("y"), 0),
                _r(r.get("mean")),
                _r(r.get("lpl")),
                _r(r.get("upl")),
                (r.get("point_type") or "").replace("_", " "),
            ]
            for r in rows
        ],
    )


def trajectory(rows: list[list[Any]], *, period: str, target: float | None) -> Chart | None:
    """Cumulative people trained against the target trajectory."""
    if not rows:
        return None
    values = []
    for day, _n, total, goal in rows:
        values.append({"x": day.isoformat(), "series": "Trained (cumulative)", "y": total})
        if goal is not None:
            values.append({"x": day.isoformat(), "series": "Target trajectory", "y": goal})
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.21.json",
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "x", "type": "temporal", "title": "Period"},
            "y": {"field": "y", "type": "quantitative", "title": "People trained"},
            "color": {
                "field": "series",
                "type": "nominal",
                "title": None,
                "scale": {"range": ["#005eb8", "#d5281b"]},
            },
            "strokeDash": {"field": "series", "type": "nominal", "legend": None},
        },
    }
    total = rows[-1][2]
    goal = rows[-1][3]
    description = f"{total:,} people trained in total by {period_label(rows[-1][0], period)}"
    description += f", against a trajectory of {goal:,.0f}." if goal is not None else "."
    return Chart(
        id="trajectory",
        title="Cumulative people trained against the target trajectory",
        spec=spec,
        description=description,
        headers=["Period", "Trained", "Cumulative", "Target trajectory"],
        rows=[[period_label(d, period), n, t, g] for d, n, t, g in rows],
    )


def completion_p_chart(rows: list[list[Any]]) -> Chart | None:
    """p chart of the share of participants completing, one point per cohort."""
    usable = [r for r in rows if r[2]]
    if len(usable) < MIN_SPC_POINTS:
        return None
    result = analyse(
        {
            "series_id": [0] * len(usable),
            "x": [r[1] for r in usable],
            "numerator": [float(r[3]) for r in usable],
            "denominator": [float(r[2]) for r in usable],
        },
        {"series_id": [0], "improvement_direction": ["increase"]},
        chart="p",
    )
    points = result.series_points(0).to_pylist()
    summary = result.series_summary(0)
    spec = series_spec(
        points,
        0,
        title="Completion by cohort",
        y_label="Proportion completing",
        summary=summary,
        width="container",
        height=260,
    )
    icon = summary.get("variation_icon") or ""
    return Chart(
        id="completion-p",
        title="Completion by cohort (p chart)",
        spec=spec,
        description=(
            f"p chart of the proportion of participants completing, {len(usable)} cohorts by "
            f"start date. Latest: {ICON_LABELS.get(icon, 'no variation signal yet').lower()}."
        ),
        headers=["Cohort", "Start", "Took up a place", "Completed", "% completed"],
        rows=usable,
    )


def efficacy_chart(rows: list[EfficacyRow], by_label: str) -> Chart | None:
    shown = [r for r in rows if r.change.n >= 2 and r.change.ci_low is not None]
    if not shown:
        return None
    values = [
        {
            "group": r.group,
            "change": round(r.change.mean_change or 0.0, 2),
            "low": round(r.change.ci_low or 0.0, 2),
            "high": round(r.change.ci_high or 0.0, 2),
            "n": r.change.n,
        }
        for r in shown
    ]
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.21.json",
        "width": "container",
        "height": {"step": 28},
        # A row per group: only the width fits the page.
        "autosize": {"type": "fit-x", "contains": "padding"},
        "data": {"values": values},
        "encoding": {
            "y": {"field": "group", "type": "nominal", "title": by_label, "sort": None},
        },
        "layer": [
            {
                "mark": {"type": "rule", "color": "#425563"},
                "encoding": {
                    "x": {
                        "field": "low",
                        "type": "quantitative",
                        "title": "Mean change in confidence (0 to 10 scale), 95% CI",
                    },
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "color": "#005eb8", "size": 80},
                "encoding": {
                    "x": {"field": "change", "type": "quantitative"},
                    "tooltip": [
                        {"field": "group"},
                        {"field": "change", "title": "Mean change"},
                        {"field": "low", "title": "95% CI low"},
                        {"field": "high", "title": "95% CI high"},
                        {"field": "n", "title": "Pairs"},
                    ],
                },
            },
            {"mark": {"type": "rule", "strokeDash": [4, 4]}, "encoding": {"x": {"datum": 0}}},
        ],
    }
    best = max(shown, key=lambda r: r.change.mean_change or 0.0)
    return Chart(
        id="efficacy",
        title=f"Change in self-efficacy by {by_label.lower()}",
        spec=spec,
        description=(
            f"Mean change in self-rated confidence from before to after the course, with 95% "
            f"confidence intervals, for {len(shown)} groups with at least two paired answers. "
            f"Largest: {best.group}, {best.change.mean_change:+.2f} points "
            f"({best.change.n} pairs)."
        ),
        headers=["Group", "Pairs", "Mean change", "95% CI low", "95% CI high"],
        rows=[[v["group"], v["n"], v["change"], v["low"], v["high"]] for v in values],
    )
