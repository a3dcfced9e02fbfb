"""Reading projects: measure data, SPC analysis, charts and personal lists.

Writes live in ``actions.py``; this module only reads and computes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from qls.core.charts import Chart
from qls.measurement.series_charts import EVENT_CHARTS, assurance_basis
from qls.projects.evidence import IMPROVEMENT, Adoption, Point
from qls.projects.models import (
    Evidence,
    Measure,
    PDSACycle,
    Project,
    ProjectMember,
    StageChange,
)
from qls.projects.paste import Row
from qls.spc import RULE_COLUMNS, SpcInputError, analyse, scaling
from qls.spc.charts import (
    ICON_LABELS,
    assurance_icon_svg,
    event_key,
    series_spec,
    variation_icon_svg,
)

# Fewer points than this before the first adopted change: limits come from the
# whole series. With at least this many, the limits are fixed on the baseline
# before the change, so later points are judged against how things were.
MIN_BASELINE = 12
MIN_POINTS = 2


def measure_rows(measure: Measure) -> list[Row]:
    """The measure's data, from its linked QLS series or its own entered values."""
    series = measure.series if measure.series_id else None
    if series is not None:
        observations = series.observations.order_by("period").values_list(
            "period", "value", "numerator", "denominator"
        )
        if measure.is_ratio:
            return [
                Row(p, numerator=n, denominator=d) if n is not None and d else Row(p, value=v)
                for p, v, n, d in observations
            ]
        return [Row(p, value=v) for p, v, _n, _d in observations]
    return [
        Row(v.period, value=v.value, numerator=v.numerator, denominator=v.denominator)
        for v in measure.values.order_by("period")
    ]


def adoptions(project: Project) -> list[Adoption]:
    """Every change idea adopted in the project, dated by its PDSA act decision."""
    cycles = (
        PDSACycle.objects.filter(
            change_idea__project=project,
            act_decision=PDSACycle.Act.ADOPT,
            ended_on__isnull=False,
        )
        .select_related("change_idea")
        .order_by("ended_on", "pk")
    )
    return [
        Adoption(on=c.ended_on, idea=c.change_idea.text, idea_id=c.change_idea_id, cycle_id=c.pk)
        for c in cycles
        if c.ended_on is not None
    ]


@dataclass
class MeasureAnalysis:
    measure: Measure
    rows: list[dict[str, Any]]
    summary: dict[str, Any]
    baseline_fixed: int | None  # points the limits were fixed on, if fixed
    points: list[Point] = field(default_factory=list)
    recalculated_from: list[dt.date] = field(default_factory=list)  # approved, in the series

    @property
    def segment_start(self) -> dt.date | None:
        """First period of the last segment: the limits assurance is judged on."""
        if not self.rows:
            return None
        last = self.rows[-1].get("segment")
        return next(r["x"] for r in self.rows if r.get("segment") == last)

    @property
    def variation_icon(self) -> str | None:
        return self.summary.get("variation_icon")

    @property
    def assurance_icon(self) -> str | None:
        return self.summary.get("assurance_icon")

    @property
    def improvement_points(self) -> int:
        return sum(1 for p in self.points if p.point_type == IMPROVEMENT)


class NotEnoughData(Exception):
    """The measure has too few points for an SPC chart."""


def analyse_measure(
    measure: Measure,
    rows: list[Row] | None = None,
    adopted: list[Adoption] | None = None,
    recalculate_from: list[dt.date] | None = None,
) -> MeasureAnalysis:
    """Run qls.spc on one measure (``NotEnoughData`` below two points).

    The same analysis feeds the chart and the evidence rule, so the blue
    points on the chart are exactly the ones the evidence sentence speaks of.
    ``recalculate_from`` holds the periods the coach approved recalculating
    the limits from (``qls.projects.recalculation``); each starts a new
    segment. The evidence rule leaves them out: it asks whether the change
    moved the process away from how it was before.
    """
    rows = measure_rows(measure) if rows is None else rows
    if len(rows) < MIN_POINTS:
        raise NotEnoughData(f"{measure.name} needs at least {MIN_POINTS} periods of data")
    adopted = adoptions(measure.project) if adopted is None else adopted
    ratio = measure.is_ratio
    data: dict[str, list[Any]] = {"series_id": [], "x": []}
    if ratio:
        data["numerator"], data["denominator"] = [], []
    else:
        data["y"] = []
    for r in rows:
        data["series_id"].append(measure.pk or 0)
        data["x"].append(r.period)
        if ratio:
            data["numerator"].append(r.numerator)
            data["denominator"].append(r.denominator)
        else:
            data["y"].append(r.value)
    # A linked QLS rate is shown per its multiplier (per 1,000 bed days), as the
    # measurement area's own charts show it; a project's own ratio data is not.
    series = measure.series if measure.series_id else None
    by = scaling.factor(measure.chart_type, series.metric.multiplier) if series else 1.0
    target = scaling.to_engine(measure.target, by)
    options: dict[str, list[Any]] = {
        "series_id": [measure.pk or 0],
        "improvement_direction": [measure.improvement_direction],
        "target": [target],
    }
    periods = {r.period for r in rows}
    first_period = min(periods)
    rebase = sorted(p for p in (recalculate_from or []) if p in periods and p > first_period)
    if rebase:
        options["rebase"] = [rebase]
    baseline = None
    if adopted:
        before = sum(1 for r in rows if r.period < adopted[0].on)
        if before >= MIN_BASELINE:
            baseline = before
            options["fix_after_n_points"] = [before]
    chart = measure.chart_type
    result = analyse(data, options, chart=chart)
    out = result.series_points(measure.pk or 0)
    summary = result.series_summary(measure.pk or 0)
    point_rows = out.to_pylist()
    scaling.rows_to_display(point_rows, by)
    scaling.rows_to_display([summary], by, scaling.SCALED_SUMMARY_COLUMNS)
    points = [
        Point(
            period=r["x"],
            point_type=r.get("point_type"),
            rules=tuple(k for k in RULE_COLUMNS if r.get(k)),
        )
        for r in point_rows
    ]
    return MeasureAnalysis(measure, point_rows, summary, baseline, points, rebase)


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


@dataclass
class MeasureView:
    """Everything a page shows about one measure."""

    measure: Measure
    chart: Chart | None
    analysis: MeasureAnalysis | None
    problem: str = ""
    variation_svg: str = ""
    assurance_svg: str = ""
    variation_label: str = ""
    assurance_label: str = ""
    assurance_basis: str = ""
    proposal: Any = None  # a recalculation QLS proposes, waiting for the coach


def measure_view(
    measure: Measure,
    events: list[dict[str, Any]] | None = None,
    adopted: list[Adoption] | None = None,
) -> MeasureView:
    from qls.projects import recalculation

    events = chart_events(measure.project) if events is None else events
    adopted = adoptions(measure.project) if adopted is None else adopted
    try:
        analysis = analyse_measure(
            measure, adopted=adopted, recalculate_from=recalculation.approved_periods(measure)
        )
    except NotEnoughData:
        return MeasureView(
            measure, None, None, problem="Enter at least two periods of data to see the SPC chart."
        )
    except SpcInputError as error:
        return MeasureView(measure, None, None, problem=f"The data cannot be charted: {error}")
    view = MeasureView(measure, measure_chart(analysis, events), analysis)
    if analysis.variation_icon:
        view.variation_label = ICON_LABELS.get(analysis.variation_icon, "")
        view.variation_svg = variation_icon_svg(analysis.variation_icon, size=44)
    if analysis.assurance_icon:
        view.assurance_label = ICON_LABELS.get(analysis.assurance_icon, "")
        view.assurance_svg = assurance_icon_svg(analysis.assurance_icon, size=44)
        view.assurance_basis = assurance_basis(analysis.assurance_icon, analysis.segment_start)
    view.proposal = recalculation.current_proposal(measure, analysis, adopted)
    return view


# ---------------------------------------------------------------- lists


def project_queryset() -> QuerySet[Project]:
    return Project.objects.select_related("site", "ward", "specialty", "programme")


def my_projects(user: Any) -> QuerySet[Project]:
    """Projects the user created or is on the team of, newest first."""
    staff = getattr(user, "staff_member", None) if hasattr(user, "staff_member") else None
    condition = Q(created_by=user)
    if staff is not None:
        condition |= Q(members__staff=staff)
    return (
        project_queryset()
        .filter(condition)
        .distinct()
        .prefetch_related(
            Prefetch("members", queryset=ProjectMember.objects.select_related("staff"))
        )
        .order_by("-updated_at")
    )


def pending_approvals(user: Any) -> QuerySet[StageChange]:
    """Stage changes waiting for this person's decision (as a project's coach), never their own."""
    from qls.projects.permissions import CHANGE_ANY_PROJECT

    # Through the sign-in, not a staff record looked up first: one query in all.
    condition = Q(pk__in=[])
    if getattr(user, "is_authenticated", False):
        condition |= Q(
            project__members__staff__user=user, project__members__role=ProjectMember.Role.COACH
        )
    if user.has_perm(CHANGE_ANY_PROJECT):
        coached = ProjectMember.objects.filter(role=ProjectMember.Role.COACH).values("project")
        condition |= ~Q(project__in=coached)
        # The coach's own requests come to the improvement team: nobody approves their own.
        asked_by_coach = ProjectMember.objects.filter(
            project=OuterRef("project"),
            role=ProjectMember.Role.COACH,
            staff__user=OuterRef("by"),
        )
        condition |= Q(Exists(asked_by_coach))
        # A coach who has left or no longer coaches cannot decide; nor can one
        # who has let the request wait too long (access.improvement_team_decides).
        from qls.accounts.roles import Role
        from qls.projects.access import wait_days

        available = ProjectMember.objects.filter(
            project=OuterRef("project"),
            role=ProjectMember.Role.COACH,
            staff__active=True,
            staff__user__is_active=True,
            staff__user__groups__name=Role.QI_COACH,
        )
        condition |= ~Q(Exists(available))
        condition |= Q(at__lte=timezone.now() - dt.timedelta(days=wait_days() + 1))
    return (
        StageChange.objects.filter(status=StageChange.Status.REQUESTED)
        .filter(condition)
        .exclude(by=user)
        .select_related("project", "by")
        .distinct()
        .order_by("at")
    )


def today() -> dt.date:
    return dt.date.today()


def recent_evidence(limit: int = 5) -> list[Evidence]:
    """The latest evidence of improvement found across projects, newest signal first."""
    return list(
        Evidence.objects.filter(found=True, first_period__isnull=False)
        .select_related("measure__project")
        .order_by("-first_period", "-pk")[:limit]
    )
