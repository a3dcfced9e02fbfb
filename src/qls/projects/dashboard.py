"""Counts for the registry dashboard: projects by quarter, aim, site, stage,
category and the lead's staff group, each with how many showed evidence of
improvement, and each carrying the filters of the list it summarises.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from qls.core.periods import QUARTER, add_periods, period_start
from qls.organisation.models import Site, StaffGroup, StrategicAim
from qls.projects.models import Project, ProjectMember, Stage
from qls.projects.search.filters import with_evidence
from qls.projects.search_form import quarter_label


@dataclass
class Tally:
    label: str
    count: int
    improved: int
    filters: dict[str, Any] = field(default_factory=dict)  # GET parameters of its list


@dataclass
class Dashboard:
    total: int
    improved: int
    open: int
    closed: int
    quarters: list[Tally]
    by_aim: list[Tally]
    by_site: list[Tally]
    by_stage: list[Tally]
    by_category: list[Tally]
    by_lead_group: list[Tally]

    def table(self, name: str) -> list[Tally]:
        return {
            "quarters": self.quarters,
            "aims": self.by_aim,
            "sites": self.by_site,
            "stages": self.by_stage,
            "categories": self.by_category,
            "lead_groups": self.by_lead_group,
        }[name]


TABLES = {
    "quarters": "Projects registered per quarter",
    "aims": "Projects by strategic aim",
    "sites": "Projects by site",
    "stages": "Projects by stage",
    "categories": "Projects by category",
    "lead_groups": "Projects by the lead's staff group",
}


def _flagged() -> QuerySet[Project]:
    return Project.objects.annotate(improved=with_evidence()).order_by()


def _counts(qs: QuerySet[Project], key: str) -> dict[Any, tuple[int, int]]:
    rows = qs.values(key).annotate(
        n=Count("pk", distinct=True), i=Count("pk", filter=Q(improved=True), distinct=True)
    )
    return {r[key]: (r["n"], r["i"]) for r in rows}


def build_dashboard(today: dt.date | None = None) -> Dashboard:
    """Every count on the dashboard, a dozen grouped queries whatever the size."""
    today = today or timezone.localdate()
    projects = _flagged()
    totals = projects.aggregate(
        total=Count("pk"),
        with_evidence=Count("pk", filter=Q(improved=True)),
        closed=Count("pk", filter=Q(stage=Stage.CLOSED)),
    )
    return Dashboard(
        total=totals["total"],
        improved=totals["with_evidence"],
        closed=totals["closed"],
        open=totals["total"] - totals["closed"],
        quarters=_quarters(projects, today),
        by_aim=[
            Tally(str(aim), *counts.get(aim.pk, (0, 0)), {"aim": aim.number})
            for aim in StrategicAim.objects.all()
            for counts in [_counts(projects, "strategic_aims")]
        ],
        by_site=_by_site(projects),
        by_stage=[
            Tally(label, *counts.get(value, (0, 0)), {"stage": value})
            for counts in [_counts(projects, "stage")]
            for value, label in Stage.choices
        ],
        by_category=[
            Tally(label, *counts.get(value, (0, 0)), {"category": value})
            for counts in [_counts(projects, "category")]
            for value, label in Project.Category.choices
        ],
        by_lead_group=_by_lead_group(projects),
    )


def _quarters(projects: QuerySet[Project], today: dt.date) -> list[Tally]:
    rows = (
        projects.annotate(q=TruncQuarter("created_at"))
        .values("q")
        .annotate(n=Count("pk"), i=Count("pk", filter=Q(improved=True)))
    )
    found = {_as_date(r["q"]): (r["n"], r["i"]) for r in rows}
    if not found:
        return []
    start, end = min(found), period_start(today, QUARTER)
    out = []
    while start <= end:
        label = quarter_label(start)
        out.append(Tally(label, *found.get(start, (0, 0)), {"registered": label}))
        start = add_periods(start, QUARTER, 1)
    return out


def _by_site(projects: QuerySet[Project]) -> list[Tally]:
    counts = _counts(projects, "site")
    out = [
        Tally(site.name, *counts.get(site.pk, (0, 0)), {"site": site.code})
        for site in Site.objects.all()
    ]
    if counts.get(None):
        out.append(Tally("Trust-wide (no one site)", *counts[None], {}))
    return out


def _by_lead_group(projects: QuerySet[Project]) -> list[Tally]:
    leads = ProjectMember.objects.filter(role=ProjectMember.Role.LEAD).order_by()
    rows = (
        leads.annotate(improved=with_evidence_of_member())
        .values("staff__staff_group")
        .annotate(
            n=Count("project", distinct=True),
            i=Count("project", filter=Q(improved=True), distinct=True),
        )
    )
    counts = {r["staff__staff_group"]: (r["n"], r["i"]) for r in rows}
    return [
        Tally(label, *counts[value], {"lead_group": value})
        for value, label in StaffGroup.choices
        if value in counts
    ]


def with_evidence_of_member():  # type: ignore[no-untyped-def]
    from django.db.models import Exists, OuterRef

    from qls.projects.models import Evidence

    return Exists(Evidence.objects.filter(measure__project_id=OuterRef("project_id"), found=True))


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value
