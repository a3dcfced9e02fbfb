"""Figures for the programme dashboard: stages against plan, issues, fixes, projects, people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.utils import timezone

from qls.core.charts import Chart
from qls.wards import accreditation, integration
from qls.wards.models import (
    STAGE_ORDER,
    AccreditationLevel,
    Action,
    Category,
    Issue,
    Nomination,
    Stage,
    WardJourney,
    WardProgramme,
)
from qls.wards.planning import add_months


@dataclass
class StageRow:
    site: Any
    counts: list[int]
    planned_started: int  # wards whose wave has started by today (the plan)
    started: int  # wards past the planned stage (what happened)

    @property
    def total(self) -> int:
        return sum(self.counts)


def stages_by_site(programme: WardProgramme, today: dt.date | None = None) -> list[StageRow]:
    today = today or timezone.localdate()
    rows = []
    journeys = (
        WardJourney.objects.filter(programme=programme)
        .values("ward__site", "stage")
        .annotate(n=Count("id"))
    )
    due = (
        WardJourney.objects.filter(programme=programme, wave__start__lte=today)
        .values("ward__site")
        .annotate(n=Count("id"))
    )
    due_by_site = {r["ward__site"]: r["n"] for r in due}
    for site in programme.sites.all():
        counts = [0] * len(STAGE_ORDER)
        for r in journeys:
            if r["ward__site"] == site.pk:
                counts[STAGE_ORDER.index(r["stage"])] = r["n"]
        rows.append(
            StageRow(
                site=site,
                counts=counts,
                planned_started=due_by_site.get(site.pk, 0),
                started=sum(counts[1:]),
            )
        )
    return rows


@dataclass
class Dashboard:
    programme: WardProgramme
    stages: list[StageRow]
    issues: dict[str, dict[str, int]]  # category -> status -> count
    issue_total: int
    fixes_done: int
    fixes_done_30: int
    fixes_open: int
    fixes_overdue: int
    projects: int
    nominated: int
    trained: int = 0
    stage_labels: list[str] = field(default_factory=lambda: [s.label for s in Stage])
    accreditation: list[dict[str, Any]] = field(default_factory=list)

    @property
    def fixes_30_share(self) -> float | None:
        return self.fixes_done_30 / self.fixes_done * 100 if self.fixes_done else None


def build(programme: WardProgramme, today: dt.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    issues = Issue.objects.filter(event__journey__programme=programme)
    by = issues.values("category", "status").annotate(n=Count("id"))
    table: dict[str, dict[str, int]] = {
        c.value: {s.value: 0 for s in Issue.Status} for c in Category
    }
    for r in by:
        table[r["category"]][r["status"]] = r["n"]
    actions = Action.objects.filter(issue__event__journey__programme=programme)
    done = actions.filter(status=Action.Status.DONE).annotate(
        took=ExpressionWrapper(F("done_at") - F("created_at"), output_field=DurationField())
    )
    return Dashboard(
        programme=programme,
        stages=stages_by_site(programme, today),
        issues=table,
        issue_total=issues.count(),
        fixes_done=done.count(),
        fixes_done_30=done.filter(took__lte=dt.timedelta(days=30)).count(),
        fixes_open=actions.exclude(status=Action.Status.DONE).count(),
        fixes_overdue=actions.exclude(status=Action.Status.DONE).filter(due__lt=today).count(),
        projects=issues.filter(project__isnull=False).count(),
        nominated=Nomination.objects.filter(event__journey__programme=programme).count(),
        trained=integration.trained_count(
            Nomination.objects.filter(event__journey__programme=programme)
        ),
        accreditation=accreditation.levels_over_time(quarter_ends(today)),
    )


def quarter_ends(today: dt.date, count: int = 8) -> list[dt.date]:
    """The last day of each of the latest ``count`` quarters, the current one last."""
    start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    ends = []
    for back in range(count - 1, -1, -1):
        first = add_months(start, -3 * back)
        ends.append(min(add_months(first, 3) - dt.timedelta(days=1), today))
    return ends


def charts(dash: Dashboard) -> list[Chart]:
    stage_values = [
        {"site": row.site.name, "stage": label, "stage_order": i, "wards": n}
        for row in dash.stages
        for i, (label, n) in enumerate(zip(dash.stage_labels, row.counts, strict=True))
    ]
    order = dash.stage_labels
    stage_chart = Chart(
        id="wards-by-stage",
        title="Wards by stage and site",
        spec={
            "$schema": "https://vega.github.io/schema/vega-lite/v5.21.json",
            "width": "container",
            "data": {"values": stage_values},
            "mark": "bar",
            "encoding": {
                "y": {"field": "site", "type": "nominal", "title": None},
                "x": {"field": "wards", "type": "quantitative", "title": "Wards"},
                "color": {
                    "field": "stage",
                    "type": "nominal",
                    "sort": order,
                    "title": "Stage",
                    "scale": {"range": ["#aeb7bd", "#41b6e6", "#005eb8", "#003087", "#007f3b"]},
                },
                "order": {"field": "stage_order"},
                "tooltip": [{"field": "site"}, {"field": "stage"}, {"field": "wards"}],
            },
        },
        description=(
            "Stacked bars of the programme's wards at each site by stage. "
            + "; ".join(
                f"{row.site.name}: {row.started} of {row.total} started, "
                f"{row.planned_started} due by plan"
                for row in dash.stages
            )
        ),
        headers=["Site", *dash.stage_labels, "Due to have started by plan"],
        rows=[[row.site.name, *row.counts, row.planned_started] for row in dash.stages],
    )
    out = [stage_chart]
    if dash.accreditation:
        levels = level_order(item["level"] for item in dash.accreditation)
        quarters = list(dict.fromkeys(item["quarter"] for item in dash.accreditation))
        table = {(i["quarter"], i["level"]): i["wards"] for i in dash.accreditation}
        out.append(
            Chart(
                id="accreditation-levels",
                title="Programme wards at each accreditation level, by quarter",
                spec={
                    "$schema": "https://vega.github.io/schema/vega-lite/v5.21.json",
                    "width": "container",
                    "data": {
                        "values": [
                            {**item, "level_rank": levels.index(item["level"])}
                            for item in dash.accreditation
                        ]
                    },
                    "mark": "bar",
                    "encoding": {
                        "x": {"field": "quarter", "type": "ordinal", "title": None},
                        "y": {"field": "wards", "type": "quantitative", "title": "Wards"},
                        "color": {
                            "field": "level",
                            "type": "nominal",
                            "sort": levels,
                            "scale": {"domain": levels, "range": level_colours(levels)},
                            "title": "Level",
                        },
                        # Stack from the lowest level up, in the legend's order.
                        "order": {"field": "level_rank", "type": "quantitative"},
                        "tooltip": [{"field": "quarter"}, {"field": "level"}, {"field": "wards"}],
                    },
                },
                description=(
                    f"Stacked bars of wards by accreditation level at the end of each quarter "
                    f"from {quarters[0]} to {quarters[-1]}."
                ),
                headers=["Quarter", *levels],
                rows=[[q, *(table.get((q, lv), 0) for lv in levels)] for q in quarters],
            )
        )
    return out


NOT_ACCREDITED = "Not accredited"
# Each level in its own metal, dark enough for 3:1 contrast on white (WCAG 1.4.11).
METAL_COLOURS = {"bronze": "#a0632a", "silver": "#7f8a93", "gold": "#a47a00"}
OTHER_COLOURS = ["#005eb8", "#007f3b", "#330072", "#8a1538"]  # NHS palette, for other names
NOT_ACCREDITED_COLOUR = "#425563"


def level_order(names: Any) -> list[str]:
    """Level names lowest first ("Not accredited", then by the level's order)."""
    present = set(names)
    ranked = [
        NOT_ACCREDITED,
        *AccreditationLevel.objects.order_by("order").values_list("name", flat=True),
    ]
    return [n for n in ranked if n in present] + sorted(present - set(ranked))


def level_colours(levels: list[str]) -> list[str]:
    out, spare = [], iter(OTHER_COLOURS * 3)
    for name in levels:
        if name == NOT_ACCREDITED:
            out.append(NOT_ACCREDITED_COLOUR)
        else:
            out.append(METAL_COLOURS.get(name.strip().lower()) or next(spare))
    return out


def issue_rows(dash: Dashboard) -> list[list[Any]]:
    return [
        [Category(c).label, *(dash.issues[c][s.value] for s in Issue.Status)] for c in dash.issues
    ]


def export_rows(dash: Dashboard) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for row in dash.stages:
        for label, n in zip(dash.stage_labels, row.counts, strict=True):
            rows.append(["wards by stage", row.site.name, label, n])
        rows.append(["wards due to have started by plan", row.site.name, "", row.planned_started])
    for category, statuses in dash.issues.items():
        for status, n in statuses.items():
            rows.append(
                ["issues", "", f"{Category(category).label} / {Issue.Status(status).label}", n]
            )
    rows += [
        ["fixes done", "", "", dash.fixes_done],
        ["fixes done within 30 days", "", "", dash.fixes_done_30],
        ["fixes open", "", "", dash.fixes_open],
        ["fixes overdue", "", "", dash.fixes_overdue],
        ["QI projects started from issues", "", "", dash.projects],
        ["staff nominated for QSIR Practitioner", "", "", dash.nominated],
        ["nominated staff trained as QSIR Practitioners", "", "", dash.trained],
    ]
    for item in dash.accreditation:
        rows.append(
            [
                "wards at accreditation level",
                "",
                f"{item['quarter']} {item['level']}",
                item["wards"],
            ]
        )
    return rows
