"""Charts of the project registry: a measure's SPC chart with its annotations and key,
and the registry dashboard's registrations per quarter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from qls.core.charts import Chart
from qls.measurement.charts.series import EVENT_CHARTS
from qls.projects.dashboard import Dashboard
from qls.projects.measure_analysis import MeasureAnalysis
from qls.projects.models import PDSACycle, Project, StageChange
from qls.spc import SpcInputError
from qls.spc import c as c_chart
from qls.spc.charts import ICON_LABELS, event_key, series_spec


def chart_events(project: Project) -> list[dict[str, Any]]:
    """PDSA cycles and approved stage changes, as annotations on the time axis."""
    events: list[dict[str, Any]] = []
    cycles = PDSACycle.objects.filter(change_idea__project=project).select_related("change_idea")
    for c in cycles:
        if c.adopted and c.ended_on:
            events.append(
                {
                    "x": c.ended_on.isoformat(),
                    "label": f"Adopted: {c.change_idea.text}",
                    "kind": "Change adopted",
                }
            )
        elif c.started_on:
            events.append(
                {
                    "x": c.started_on.isoformat(),
                    "label": f"PDSA {c.number}: {c.title or c.change_idea.text}",
                    "kind": "PDSA cycle",
                }
            )
    changes = project.stage_changes.filter(status=StageChange.Status.APPROVED)
    for s in changes:
        events.append(
            {
                "x": s.at.date().isoformat(),
                "label": f"Stage: {s.get_to_stage_display()}",
                "kind": "Stage change",
            }
        )
    return sorted(events, key=lambda e: e["x"])


def _fmt(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    return value


def measure_chart(
    analysis: MeasureAnalysis, events: list[dict[str, Any]], *, height: int = 300
) -> Chart:
    measure = analysis.measure
    # Events outside the data's time span would stretch the axis; keep those inside.
    periods = [r["x"] for r in analysis.rows]
    first, last = min(periods).isoformat(), max(periods).isoformat()
    shown = [e for e in events if first <= e["x"] <= last]
    y_label = measure.unit or measure.name
    spec = series_spec(
        analysis.rows,
        measure.pk or 0,
        title=measure.name,
        y_label=y_label,
        events=shown,
        summary=analysis.summary,
        width="container",
        height=height,
        # g and t charts' points are events: plotted in order, dated by their labels.
        event_order=measure.chart_type in EVENT_CHARTS,
    )
    icon = analysis.variation_icon
    words = ICON_LABELS.get(icon or "", "no variation signal yet")
    description = (
        f"SPC chart ({measure.get_chart_type_display()}) of {measure.name}, "
        f"{len(periods)} {measure.get_frequency_display().lower()} points from "
        f"{min(periods):%d %b %Y} to {max(periods):%d %b %Y}. Latest: {words.lower()}. "
        f"{analysis.improvement_points} point(s) show special cause improvement."
    )
    if analysis.baseline_fixed:
        description += f" Limits are fixed on the {analysis.baseline_fixed} points before the first adopted change."
    if analysis.recalculated_from:
        starts = ", ".join(f"{p:%d %b %Y}" for p in analysis.recalculated_from)
        description += f" Limits recalculated from {starts}, as the project's coach approved."
    key = event_key(shown)
    if key:
        description += (
            " Numbered markers: "
            + "; ".join(f"{e['number']}, {e['label']} ({e['x_label']})" for e in key)
            + "."
        )
    headers = ["Period", "Value", "Mean", "Lower limit", "Upper limit", "Point"]
    table = [
        [
            r["x"],
            _fmt(r.get("y")),
            _fmt(r.get("mean")),
            _fmt(r.get("lpl")),
            _fmt(r.get("upl")),
            (r.get("point_type") or "").replace("_", " "),
        ]
        for r in analysis.rows
    ]
    downloads = []
    if measure.pk and measure.project_id:
        base = reverse("projects:measure_download", args=[measure.project_id, measure.pk])
        downloads = [
            ("Download the data (CSV)", base + "?format=csv"),
            ("Download the data (Excel)", base + "?format=xlsx"),
        ]
    return Chart(
        id=f"measure-{measure.pk}",
        title=measure.name,
        spec=spec,
        description=description,
        headers=headers,
        rows=table,
        downloads=downloads,
        key=key,
    )


def quarter_chart(data: Dashboard) -> Chart | None:
    """A c chart of registrations per quarter: is registration rising, or just noisy?"""
    quarters = data.quarters
    if len(quarters) < 2:
        return None
    x = [t.label for t in quarters]
    # Quarters as the dates they start, so the chart has a real time axis
    # ("2025-Q1" is no date to Vega, which then drew no points at all).
    starts = [dt.date(int(label[:4]), 3 * int(label[-1]) - 2, 1) for label in x]
    try:
        result = c_chart([t.count for t in quarters], x=list(range(len(x))))
    except SpcInputError:
        return None
    points = result.points.to_pylist()
    for row in points:
        row["x"] = starts[row["x"]]
    spec = series_spec(
        points,
        0,
        title="Projects registered per quarter",
        y_label="Projects registered",
        summary=result.summary,
        width="container",
        height=260,
    )
    latest = quarters[-1]
    return Chart(
        id="registrations",
        title="Projects registered per quarter (c chart)",
        spec=spec,
        description=(
            f"Projects registered in each of the last {len(quarters)} quarters, from {x[0]} "
            f"to {x[-1]}, as an SPC c chart. {latest.count} were registered in {latest.label} "
            "(the current quarter, still filling up)."
        ),
        headers=["Quarter", "Projects registered", "With evidence of improvement"],
        rows=[[t.label, t.count, t.improved] for t in quarters],
        downloads=[
            ("Download the data (CSV)", "?download=csv&table=quarters"),
            ("Download the data (Excel)", "?download=xlsx&table=quarters"),
        ],
    )
