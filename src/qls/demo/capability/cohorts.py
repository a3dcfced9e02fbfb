"""The training demo's cohorts: runs of each course planned over the years, and written."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from qls.capability.models import (
    Cohort,
    Course,
    Session,
)
from qls.capability.training import planner
from qls.demo import context as demo
from qls.demo.capability.courses import FIRST_YEAR, SESSION_HOURS, PlannedRun
from qls.organisation.models import StaffMember
from qls.projects.models import Programme

# ---------------------------------------------------------------- cohorts


def plan_runs(
    courses: dict[str, Course],
    ctx: demo.DemoContext,
    rng: random.Random,
    today: dt.date,
    scale: float,
) -> list[PlannedRun]:
    sites = list(ctx.sites.values())
    venues = {s.pk: f"Education Centre, {s.name}" for s in sites}
    runs: list[PlannedRun] = []
    horizon = today + dt.timedelta(days=365)
    people_scale = max(scale, 0.2)

    def add(course: Course, plans: Sequence[planner.PlannedCohort], size: Any) -> None:
        for p in plans:
            if p.start_date > horizon:
                continue
            fill = size(p)
            p.capacity = max(p.capacity, fill)
            runs.append(PlannedRun(course, p, fill))

    practitioner = courses[Course.Kind.PRACTITIONER]
    for year in range(FIRST_YEAR, today.year + 2):
        base = 19 if year < 2019 else 22 if year < 2021 else 28
        capacity = max(6, round((base + 4) * people_scale))
        plans = planner.plan(course=practitioner, year=year, count=4, weekday=1, sites=sites,
                             capacity=capacity, venues=venues)  # fmt: skip
        add(
            practitioner,
            plans,
            lambda p, b=base: max(4, round(rng.uniform(b - 2, b + 1) * people_scale)),
        )

    fundamentals = courses[Course.Kind.FUNDAMENTALS]
    capacity = max(4, round(20 * max(scale, 0.2)))
    for year in range(FIRST_YEAR, today.year + 2):
        # Monthly at each site since 2021 (every other month in a small demo trust).
        per_site = 4 if year < 2021 else 12 if scale >= 0.5 else 6
        plans = planner.plan(course=fundamentals, year=year, count=per_site,
                             weekday=3, sites=sites, capacity=capacity, venues=venues,
                             each_site=True)  # fmt: skip
        plans = [p for p in plans if p.start_date <= today + dt.timedelta(days=120)]
        add(fundamentals, plans, lambda p: max(2, round(rng.uniform(8, 14) * scale)))

    e_learning = courses[Course.Kind.E_LEARNING]
    for year in range(2022, today.year + 1):
        plans = planner.plan(course=e_learning, year=year, count=12, weekday=0, sites=[],
                             capacity=500)  # fmt: skip
        plans = [p for p in plans if p.start_date <= today]
        for p in plans:
            p.venue = "Online"
        add(e_learning, plans, lambda p: max(2, round(rng.uniform(8, 16) * scale)))

    leadership = courses[Course.Kind.LEADERSHIP]
    for year in range(2019, 2024):
        plans = planner.plan(course=leadership, year=year, count=1, weekday=2, sites=[],
                             capacity=24)  # fmt: skip
        for p in plans:
            p.name = f"System leadership cohort {year - 2018} ({year})"
            p.venue = "The Staff College, Chelmsford"
        add(leadership, plans, lambda p: 24)
    return runs


def write_cohorts(
    runs: list[PlannedRun], ctx: demo.DemoContext, rng: random.Random
) -> list[Cohort]:
    today = timezone.localdate()
    taken = set(Programme.objects.values_list("name", flat=True))
    programmes = Programme.objects.bulk_create(
        Programme(
            name=r.plan.name,
            kind=Programme.Kind.QSIR_COHORT,
            description=f"Projects of the {r.plan.name} cohort.",
        )
        for r in runs
        if r.course.kind == Course.Kind.PRACTITIONER and r.plan.name not in taken
    )
    by_name = {p.name: p for p in programmes}
    cohorts = []
    for r in runs:
        last = r.plan.session_dates[-1]
        if last < today:
            status = Cohort.Status.FINISHED
        elif r.plan.start_date <= today:
            status = Cohort.Status.CLOSED
        else:
            status = Cohort.Status.OPEN
        cohorts.append(
            Cohort(
                course=r.course,
                name=r.plan.name,
                start_date=r.plan.start_date,
                site=r.plan.site,
                venue=r.plan.venue,
                capacity=r.plan.capacity,
                status=status,
                programme=by_name.get(r.plan.name),
            )
        )
    cohorts = Cohort.objects.bulk_create(cohorts, batch_size=500)
    sessions = []
    for r, cohort in zip(runs, cohorts, strict=True):
        r.cohort = cohort
        for number, day in enumerate(r.plan.session_dates, start=1):
            sessions.append(
                Session(
                    cohort=cohort,
                    number=number,
                    date=day,
                    start_time=SESSION_HOURS[0],
                    end_time=SESSION_HOURS[1],
                )
            )
    Session.objects.bulk_create(sessions, batch_size=1000)
    _facilitators(runs, ctx, rng)
    return cohorts


def _facilitators(runs: list[PlannedRun], ctx: demo.DemoContext, rng: random.Random) -> None:
    senior = [m for m in ctx.staff if m.band in ("Band 7", "Band 8a", "Band 8b") and m.is_clinical]
    faculty = rng.sample(senior, min(10, len(senior)))
    for username in ("improvement", "coach"):
        member = staff_of(ctx, username)
        if member is not None:
            faculty.append(member)
    if not faculty:
        return
    through = Cohort.facilitators.through
    links = []
    for r in runs:
        if r.course.kind == Course.Kind.E_LEARNING or r.cohort is None:
            continue
        for member in rng.sample(faculty, min(2, len(faculty))):
            links.append(through(cohort_id=r.cohort.pk, staffmember_id=member.pk))
    through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)


def staff_of(ctx: demo.DemoContext, username: str) -> StaffMember | None:
    user = ctx.users.get(username)
    if user is None:
        return None
    return next((m for m in ctx.staff if m.user_id == user.pk), None)
