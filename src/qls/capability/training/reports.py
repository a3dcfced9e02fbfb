"""Training reports: staff trained over time, workforce coverage, completion (the
self-efficacy report is in ``efficacy.py``).

Each function returns plain rows (lists of values) that the report page
shows as tables and charts and that the CSV/XLSX downloads write as they
are. "Trained" means a completed enrolment, counted in the period it was
completed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from qls.capability.models import Cohort, Course, Enrolment
from qls.core import periods
from qls.organisation.models import StaffGroup, StaffMember

PERIODS: dict[str, Any] = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
BREAKDOWNS = {
    "course": "Course",
    "site": "Site",
    "staff_group": "Staff group",
}
GROUPINGS = {**BREAKDOWNS, "cohort": "Cohort"}
PARTNERS = "Partner organisations"
STAFF_GROUP_LABELS = dict(StaffGroup.choices)


@dataclass(frozen=True)
class Filters:
    course: Course | None = None
    site_id: int | None = None
    staff_group: str = ""
    start: dt.date | None = None
    end: dt.date | None = None

    def completed(self):
        qs = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
        if self.course is not None:
            qs = qs.filter(cohort__course=self.course)
        if self.site_id:
            qs = qs.filter(participant__staff__site_id=self.site_id)
        if self.staff_group:
            qs = qs.filter(participant__staff__staff_group=self.staff_group)
        if self.start:
            qs = qs.filter(completed_at__date__gte=self.start)
        if self.end:
            qs = qs.filter(completed_at__date__lte=self.end)
        return qs


def period_start(day: dt.date, period: str) -> dt.date:
    if period == "year":
        return dt.date(day.year, 1, 1)
    return periods.period_start(day, period)


def next_period(day: dt.date, period: str) -> dt.date:
    if period == "year":
        return dt.date(day.year + 1, 1, 1)
    return periods.add_periods(day, period, 1)


def trained_per_period(filters: Filters, period: str = "month") -> list[tuple[dt.date, int]]:
    """(period start, people trained) for every period from the first to the last, zeros kept."""
    trunc = PERIODS[period]
    tz = timezone.get_current_timezone()
    rows = (
        filters.completed()
        .annotate(p=trunc("completed_at", tzinfo=tz))
        .values("p")
        .annotate(n=Count("pk"))
        .order_by("p")
    )
    counts: dict[dt.date, int] = {}
    for r in rows:
        p = r["p"]
        day = p.date() if isinstance(p, dt.datetime) else p
        counts[period_start(day, period)] = r["n"]
    if not counts:
        return []
    first = min(counts)
    last = period_start(filters.end or timezone.localdate(), period)
    last = max(last, max(counts))
    out, day = [], first
    while day <= last:
        out.append((day, counts.get(day, 0)))
        day = next_period(day, period)
    return out


def _site_name(enrolment_row: dict[str, Any]) -> str:
    return enrolment_row["participant__staff__site__name"] or PARTNERS


def trained_by(filters: Filters, breakdown: str, period: str = "year") -> list[list[Any]]:
    """Rows of [period, group, trained] for a breakdown by course, site or staff group."""
    field = {
        "course": "cohort__course__name",
        "site": "participant__staff__site__name",
        "staff_group": "participant__staff__staff_group",
    }[breakdown]
    trunc = PERIODS[period]
    rows = (
        filters.completed()
        .annotate(p=trunc("completed_at", tzinfo=timezone.get_current_timezone()))
        .values("p", field)
        .annotate(n=Count("pk"))
        .order_by("p", field)
    )
    out = []
    for r in rows:
        p = r["p"]
        day = p.date() if isinstance(p, dt.datetime) else p
        group = r[field]
        if breakdown == "staff_group":
            group = STAFF_GROUP_LABELS.get(group, group) if group else PARTNERS
        elif breakdown == "site":
            group = group or PARTNERS
        out.append([period_label(period_start(day, period), period), group, r["n"]])
    return out


def period_label(day: dt.date, period: str) -> str:
    if period == "year":
        return str(day.year)
    if period == "quarter":
        return f"{day.year} Q{periods.quarter_number(day)}"
    return f"{day:%b %Y}"


def workforce_coverage(filters: Filters, by: str) -> list[list[Any]]:
    """[group, staff, trained staff, % trained] per site or staff group (active trust staff).

    A person counts once however many courses they completed; the course
    filter narrows "trained" to that course.
    """
    field = "site__name" if by == "site" else "staff_group"
    staff = StaffMember.objects.filter(active=True, organisation__is_host=True)
    if filters.site_id:
        staff = staff.filter(site_id=filters.site_id)
    if filters.staff_group:
        staff = staff.filter(staff_group=filters.staff_group)
    completed = Q(participant__enrolments__status=Enrolment.Status.COMPLETED)
    if filters.course is not None:
        completed &= Q(participant__enrolments__cohort__course=filters.course)
    rows = (
        staff.values(field)
        .annotate(
            total=Count("pk", distinct=True),
            trained=Count("pk", filter=completed, distinct=True),
        )
        .order_by(field)
    )
    out = []
    for r in rows:
        label = r[field] or "No site"
        if by == "staff_group":
            label = STAFF_GROUP_LABELS.get(label, label)
        pct = round(100 * r["trained"] / r["total"], 1) if r["total"] else None
        out.append([label, r["total"], r["trained"], pct])
    return out


def completion_rates(course: Course | None = None) -> list[list[Any]]:
    """[cohort, start, places taken up, completed, % completed] for cohorts that have started.

    The denominator is everyone who took up a place (enrolled or completed),
    so cancellations before the course do not count against it.
    """
    cohorts = Cohort.objects.exclude(status=Cohort.Status.CANCELLED).filter(
        start_date__lte=timezone.localdate()
    )
    if course is not None:
        cohorts = cohorts.filter(course=course)
    else:
        cohorts = cohorts.filter(course__kind=Course.Kind.PRACTITIONER)
    rows = cohorts.annotate(
        took_up=Count(
            "enrolments",
            filter=Q(
                enrolments__status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED]
            ),
        ),
        done=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)),
    ).order_by("start_date", "name")
    return [[c.name, c.start_date, c.took_up, c.done, _pct(c.done, c.took_up)] for c in rows]


def _pct(a: int, b: int) -> float | None:
    return round(100 * a / b, 1) if b else None
