"""The cohort planner: lay out a year of cohorts, preview it, create it in one step.

``plan`` is pure (no writes): it spreads the cohorts evenly over the year,
starts each on the chosen weekday, rotates the sites (or repeats the plan
at every site), and dates each session at the course's interval (weekly for
QSIR Practitioner). ``create`` writes the preview exactly as shown, all or
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from qls.capability.models import Cohort, Course, Session
from qls.capability.training.errors import PlanRefused
from qls.organisation.models import Site
from qls.projects.models import Programme

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MAX_COHORTS = 60


@dataclass
class PlannedCohort:
    name: str
    start_date: dt.date
    site: Site | None
    venue: str
    capacity: int
    session_dates: list[dt.date]


def first_weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def plan(
    *,
    course: Course,
    year: int,
    count: int,
    weekday: int,
    sites: Sequence[Site],
    capacity: int,
    venues: dict[int, str] | None = None,
    each_site: bool = False,
) -> list[PlannedCohort]:
    """``count`` cohorts in ``year`` (``count`` at each site when ``each_site``).

    Start months are spread evenly: four cohorts start in January, April,
    July and October; twelve start every month. Each starts on the first
    ``weekday`` (0 = Monday) of its month, after the first week when that
    first weekday would fall on New Year's Day.
    """
    if not 1 <= count <= MAX_COHORTS:
        raise PlanRefused(f"Number of cohorts must be between 1 and {MAX_COHORTS}.")
    if capacity < 1:
        raise PlanRefused("Capacity must be at least 1 place.")
    venues = venues or {}
    site_list: list[Site | None] = list(sites) or [None]
    slots: list[tuple[int, Site | None]] = []
    if each_site:
        slots = [(i, site) for site in site_list for i in range(count)]
    else:
        slots = [(i, site_list[i % len(site_list)]) for i in range(count)]
    planned = []
    label = course.name
    for i, site in sorted(slots, key=lambda s: (s[0], s[1].name if s[1] else "")):
        month = 1 + (12 * i) // count
        start = first_weekday_on_or_after(dt.date(year, month, 1), weekday)
        if start == dt.date(year, 1, 1):
            start += dt.timedelta(days=7)
        dates = [
            start + dt.timedelta(days=course.session_interval_days * n)
            for n in range(course.sessions_count)
        ]
        where = f" ({site.name})" if site and len(site_list) > 1 else ""
        planned.append(
            PlannedCohort(
                name=f"{label} {year} cohort {i + 1}{where}",
                start_date=start,
                site=site,
                venue=venues.get(site.pk, "") if site else "",
                capacity=capacity,
                session_dates=dates,
            )
        )
    return planned


def clashes(course: Course, planned: Sequence[PlannedCohort]) -> list[str]:
    names = [p.name for p in planned]
    return list(Cohort.objects.filter(course=course, name__in=names).values_list("name", flat=True))


def create(
    *,
    course: Course,
    planned: Sequence[PlannedCohort],
    start_time: dt.time | None = None,
    end_time: dt.time | None = None,
    status: str = Cohort.Status.OPEN,
    facilitators: Sequence[Any] = (),
) -> list[Cohort]:
    """Create every planned cohort with its sessions, or none (a name clash refuses all)."""
    taken = clashes(course, planned)
    if taken:
        raise PlanRefused(
            "These cohorts already exist, so nothing was created: " + ", ".join(sorted(taken)) + "."
        )
    with transaction.atomic():
        cohorts = []
        for p in planned:
            programme = None
            if course.kind == Course.Kind.PRACTITIONER:
                programme, _ = Programme.objects.get_or_create(
                    name=p.name,
                    defaults={
                        "kind": Programme.Kind.QSIR_COHORT,
                        "description": f"Projects of the {p.name} cohort.",
                    },
                )
            cohort = Cohort.objects.create(
                course=course,
                name=p.name,
                start_date=p.start_date,
                site=p.site,
                venue=p.venue,
                capacity=p.capacity,
                status=status,
                programme=programme,
            )
            if facilitators:
                cohort.facilitators.set(facilitators)
            bulk_create_with_history(
                [
                    Session(
                        cohort=cohort,
                        number=n,
                        date=day,
                        start_time=start_time,
                        end_time=end_time,
                    )
                    for n, day in enumerate(p.session_dates, start=1)
                ],
                Session,
            )
            cohorts.append(cohort)
        return cohorts
