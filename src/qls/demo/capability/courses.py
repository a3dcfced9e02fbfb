"""The training demo's courses, the years it covers, and a planned run of a course."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from qls.capability.models import (
    Cohort,
    Course,
    Participant,
)
from qls.capability.training import planner

FULL_STAFF = 14_000
FIRST_YEAR = 2017
SURVEYS_FROM = dt.date(2019, 1, 1)
SESSION_HOURS = (dt.time(9, 0), dt.time(16, 30))

COURSES = [
    # name, kind, sessions, interval days, needed, project, description
    ("QSIR Fundamentals", Course.Kind.FUNDAMENTALS, 1, 7, 1, False,
     ("A one-day introduction to the trust's improvement method: understanding a problem, "
     "measuring it over time, and testing changes in small steps.")),
    ("QSIR Practitioner", Course.Kind.PRACTITIONER, 5, 7, 4, True,
     ("Five days, one a week, for staff leading an improvement project: process mapping, "
     "demand and capacity, measurement for improvement with SPC, PDSA cycles, human factors "
     "and sustaining change. Complete by attending four of the five days with a QI project "
     "registered.")),
    ("Introduction to quality improvement (e-learning)", Course.Kind.E_LEARNING, 1, 7, 1, False,
     ("A short online module introducing the common language of improvement for every member "
     "of staff.")),
    ("System leadership days", Course.Kind.LEADERSHIP, 4, 28, 3, False,
     ("Four leadership days for system-wide cohorts of trust and partner staff working in teams "
     "on a shared problem.")),
]  # fmt: skip


@dataclass
class PlannedRun:
    course: Course
    plan: planner.PlannedCohort
    fill: int
    cohort: Cohort | None = None
    people: list[Participant] = field(default_factory=list)
    waitlist: list[Participant] = field(default_factory=list)
