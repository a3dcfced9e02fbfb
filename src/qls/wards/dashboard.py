"""Figures for the programme dashboard: stages against plan, issues, fixes, projects, people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.utils import timezone

from qls.core.periods import QUARTER, add_months, period_start
from qls.wards import accreditation, nomination_enrolment
from qls.wards.models import Action, Issue, Nomination, WardJourney, WardProgramme
from qls.wards.models.issues import Category
from qls.wards.models.journey import STAGE_ORDER, Stage


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
        trained=nomination_enrolment.trained_count(
            Nomination.objects.filter(event__journey__programme=programme)
        ),
        accreditation=accreditation.levels_over_time(quarter_ends(today)),
    )


def quarter_ends(today: dt.date, count: int = 8) -> list[dt.date]:
    """The last day of each of the latest ``count`` quarters, the current one last."""
    start = period_start(today, QUARTER)
    ends = []
    for back in range(count - 1, -1, -1):
        first = add_months(start, -3 * back)
        ends.append(min(add_months(first, 3) - dt.timedelta(days=1), today))
    return ends


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
