"""Demo training data: QSIR courses and cohorts from 2017 to the coming year.

Four QSIR Practitioner cohorts a year since 2017 (about 150 practitioners
trained by 2019 at ``--scale full``, then larger cohorts), QSIR Fundamentals
quarterly at each site until 2020 and monthly since, an e-learning module
since 2022, and five system-wide leadership cohorts (2019 to 2023) with
partner organisations' people. Past cohorts have registers, completions,
certificates and self-efficacy surveys (from 2019) whose answers improve by
about two points, with some non-responders. The demo log-ins have their own
training history, the next practitioner cohort has places left, and the next
Fundamentals cohort at Basildon is full with a waiting list.

Cohort sizes follow the demo's staff count, so the standard (1,500 staff)
build is a scaled-down trust. Everything is written with ``bulk_create``
(no audit history: see ``qls.demo.context``). Past completions
are recorded outcomes, as they would be when a trust loads its training
records; the completion rule applies to new registers.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

from qls.capability.models import (
    Attendance,
    Cohort,
    Course,
    Enrolment,
    Participant,
    Session,
    SurveyAnswer,
    SurveyResponse,
    TrainingTarget,
)
from qls.demo import context as demo
from qls.demo.capability.bookings import write_enrolments, write_surveys
from qls.demo.capability.cohorts import plan_runs, write_cohorts
from qls.demo.capability.courses import COURSES, FULL_STAFF
from qls.demo.capability.trainees import choose_people
from qls.projects.models import Programme


def reset_capability(ctx: demo.DemoContext) -> None:
    programme_ids = list(
        Cohort.objects.filter(programme__kind=Programme.Kind.QSIR_COHORT).values_list(
            "programme_id", flat=True
        )
    )
    with connection.cursor() as cursor:
        for model in (
            TrainingTarget,
            SurveyAnswer,
            SurveyResponse,
            Attendance,
            Enrolment,
            Participant,
            Session,
            Cohort.facilitators.through,
            Cohort,
            Course,
        ):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    # Few rows, and projects may point at them: the ORM sets those links to null.
    Programme.objects.filter(pk__in=programme_ids).delete()


def build_capability(ctx: demo.DemoContext) -> None:
    rng = ctx.rng("capability")
    today = timezone.localdate()
    scale = max(len(ctx.staff), 1) / FULL_STAFF
    courses = {
        kind: Course.objects.create(
            name=name,
            kind=kind,
            sessions_count=sessions,
            session_interval_days=interval,
            min_sessions_attended=needed,
            requires_project=project,
            description=text,
        )
        for name, kind, sessions, interval, needed, project, text in COURSES
    }
    runs = plan_runs(courses, ctx, rng, today, scale)
    cohorts = write_cohorts(runs, ctx, rng)
    choose_people(runs, ctx, rng, today)
    enrolments = write_enrolments(runs, rng, today)
    write_surveys(enrolments, rng, today)
    _write_targets(enrolments, today)
    ctx.extra["cohorts"] = cohorts
    trained = sum(1 for e in enrolments if e.status == Enrolment.Status.COMPLETED)
    ctx.log(f"  {len(cohorts)} cohorts, {len(enrolments):,} bookings, {trained:,} completions")


def _write_targets(enrolments: list[Enrolment], today: dt.date) -> None:
    """The launch ambition for each course and, two years ago, a bigger one.

    Sized from what the demo trust actually achieved, a little above it, so
    the trajectory is a stretch that the programme roughly keeps up with.
    (A fresh install, with no targets set, uses the workforce-sized default.)
    """
    raised = dt.date(today.year - 2, 4, 1)
    rows = []
    for kind in Course.Kind:
        done = [
            timezone.localtime(e.completed_at).date()
            for e in enrolments
            if e.status == Enrolment.Status.COMPLETED
            and e.completed_at
            and e.cohort.course.kind == kind
        ]
        if not done:
            continue
        start = min(done).replace(day=1)
        if start >= raised:  # a course begun since the refresh: one target
            rate = len(done) / max(_months(start, today), 1)
            rows.append(
                TrainingTarget(
                    course_kind=kind,
                    per_month=round(max(rate * 1.1, 0.5), 1),
                    starts_on=start,
                    note="Set when the course began",
                )
            )
            continue
        early = sum(1 for d in done if d < raised) / max(_months(start, raised), 1)
        recent = sum(1 for d in done if d >= raised) / max(_months(raised, today), 1)
        rows.append(
            TrainingTarget(
                course_kind=kind,
                per_month=round(max(early * 1.1, 0.5), 1),
                starts_on=start,
                note="The launch ambition in the board's improvement strategy",
            )
        )
        rows.append(
            TrainingTarget(
                course_kind=kind,
                per_month=round(max(recent * 1.15, early * 1.1, 0.5), 1),
                starts_on=raised,
                note=f"Raised when the strategy was refreshed in {raised.year}",
            )
        )
    TrainingTarget.objects.bulk_create(rows)


def _months(first: dt.date, last: dt.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


STEP = demo.DemoStep("capability", build_capability, reset_capability)
