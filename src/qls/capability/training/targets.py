"""Training targets: how many people the trust aims to train, from when.

Targets are stored with start dates (``TrainingTarget``). A target applies
from the first of its month until the next target for the same course; before
the first there is none, so a cumulative trajectory starts when the programme
did and a later, bigger ambition does not reach back over earlier years.

Where the improvement team has stored no target for a course, the default is
sized to the trust's workforce: a share of the active staff a year (5 % for
QSIR Fundamentals, for example), from the month of the course's first cohort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from qls.capability.models import Cohort, Course, TrainingTarget
from qls.organisation.models import StaffMember

# The default share of the workforce trained a year, per kind of course.
ANNUAL_SHARE: dict[str, float] = {
    Course.Kind.FUNDAMENTALS: 0.05,
    Course.Kind.PRACTITIONER: 0.006,
    Course.Kind.E_LEARNING: 0.10,
    Course.Kind.LEADERSHIP: 0.002,
    Course.Kind.QI_INTRO: 0.10,
}
MONTHS = {"month": 1, "quarter": 3, "year": 12}

Step = tuple[dt.date, float]  # (first month it applies to, people a month)


def workforce() -> int:
    """Active staff of the host trust: what the default targets are sized to."""
    return StaffMember.objects.filter(active=True, organisation__is_host=True).count()


def default_steps(kind: str, staff: int | None = None) -> list[Step]:
    """The workforce-sized default for one kind of course, from its first cohort."""
    first = (
        Cohort.objects.filter(course__kind=kind)
        .exclude(status=Cohort.Status.CANCELLED)
        .order_by("start_date")
        .values_list("start_date", flat=True)
        .first()
    )
    if first is None:
        return []
    staff = workforce() if staff is None else staff
    return [(first.replace(day=1), round(staff * ANNUAL_SHARE.get(kind, 0.0) / 12, 1))]


def stored_steps(kind: str) -> list[Step]:
    return [
        (starts.replace(day=1), per_month)
        for starts, per_month in TrainingTarget.objects.filter(course_kind=kind)
        .order_by("starts_on")
        .values_list("starts_on", "per_month")
    ]


def steps_for(kinds: Iterable[str]) -> list[Step]:
    """One timeline of people a month for these kinds together (stored, else default)."""
    staff: int | None = None
    per_kind: list[list[Step]] = []
    for kind in kinds:
        steps = stored_steps(kind)
        if not steps:
            staff = workforce() if staff is None else staff
            steps = default_steps(kind, staff)
        per_kind.append(steps)
    changes = sorted({day for steps in per_kind for day, _ in steps})
    return [(day, sum(at(steps, day) or 0.0 for steps in per_kind)) for day in changes]


def at(steps: Sequence[Step], month: dt.date) -> float | None:
    """People a month in force in ``month`` (None before the first step)."""
    found = None
    for day, per_month in steps:
        if day <= month:
            found = per_month
        else:
            break
    return found


def months_of(day: dt.date, period: str) -> list[dt.date]:
    first = day.replace(day=1)
    out = []
    for i in range(MONTHS[period]):
        index = first.year * 12 + first.month - 1 + i
        out.append(dt.date(index // 12, index % 12 + 1, 1))
    return out


def per_period(steps: Sequence[Step], day: dt.date, period: str) -> float | None:
    """The target for the period starting ``day``: its months' targets added up."""
    values = [at(steps, m) for m in months_of(day, period)]
    if all(v is None for v in values):
        return None
    return sum(v or 0.0 for v in values)


def trajectory(
    series: Sequence[tuple[dt.date, int]], steps: Sequence[Step], period: str
) -> list[list[Any]]:
    """[period, trained, cumulative, target trajectory] rows.

    The trajectory starts at the first period a target applies, from the
    number already trained by then, and grows by each period's target.
    """
    out: list[list[Any]] = []
    total = 0
    goal: float | None = None
    for day, n in series:
        target = per_period(steps, day, period)
        if target is not None:
            goal = (total if goal is None else goal) + target
        total += n
        out.append([day, n, total, None if goal is None else round(goal, 1)])
    return out
