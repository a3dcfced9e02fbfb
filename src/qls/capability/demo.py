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
(no audit history: see the organisation demo's docstring). Past completions
are recorded outcomes, as they would be when a trust loads its training
records; the completion rule applies to new registers.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

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
    SurveyItem,
    SurveyResponse,
    TrainingTarget,
)
from qls.capability.training import planner
from qls.organisation import demo
from qls.organisation import demo_data as names
from qls.organisation.models import Organisation, StaffMember
from qls.projects.models import Programme

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
    runs = _plan_runs(courses, ctx, rng, today, scale)
    cohorts = _write_cohorts(runs, ctx, rng)
    _choose_people(runs, ctx, rng, today)
    enrolments = _write_enrolments(runs, rng, today)
    _write_surveys(enrolments, rng, today)
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


# ---------------------------------------------------------------- cohorts


def _plan_runs(
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


def _write_cohorts(
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
        member = _staff_of(ctx, username)
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


def _staff_of(ctx: demo.DemoContext, username: str) -> StaffMember | None:
    user = ctx.users.get(username)
    if user is None:
        return None
    return next((m for m in ctx.staff if m.user_id == user.pk), None)


# ---------------------------------------------------------------- people


def _choose_people(
    runs: list[PlannedRun], ctx: demo.DemoContext, rng: random.Random, today: dt.date
) -> None:
    demo_staff = {
        name: member for name in ctx.users if (member := _staff_of(ctx, name)) is not None
    }
    reserved = {m.pk for m in demo_staff.values()}
    pool = [m for m in ctx.staff if m.pk not in reserved and m.site_id is not None]
    clinical = [m for m in pool if m.is_clinical]
    # Each person takes each course at most once; practitioners come mostly
    # from clinical staff, Fundamentals and e-learning from everyone.
    queues = {
        Course.Kind.PRACTITIONER: rng.sample(clinical, len(clinical)),
        Course.Kind.FUNDAMENTALS: rng.sample(pool, len(pool)),
        Course.Kind.E_LEARNING: rng.sample(pool, len(pool)),
        Course.Kind.LEADERSHIP: rng.sample(clinical, len(clinical)),
    }
    participants: dict[int, Participant] = {}

    def participant(member: StaffMember) -> Participant:
        if member.pk not in participants:
            participants[member.pk] = Participant(staff=member)
        return participants[member.pk]

    partners = _partners(rng)
    for r in runs:
        queue = queues[r.course.kind]
        want = r.fill
        if r.course.kind == Course.Kind.LEADERSHIP:
            guests = partners[:6]
            partners = partners[6:] + partners[:6]
            r.people.extend(guests)
            want -= len(guests)
        take = min(want, len(queue))
        r.people.extend(participant(m) for m in queue[:take])
        del queue[:take]

    _demo_histories(runs, demo_staff, participant, today)
    _waiting_list(runs, queues, participant, today)
    Participant.objects.bulk_create(list(participants.values()), batch_size=1000)


def _partners(rng: random.Random) -> list[Participant]:
    orgs = list(Organisation.objects.filter(is_host=False))
    if not orgs:
        return []
    people = []
    for n in range(30):
        first, last = rng.choice(names.FIRST_NAMES), rng.choice(names.LAST_NAMES)
        org = orgs[n % len(orgs)]
        people.append(
            Participant(
                name=f"{first} {last}",
                email=f"{first}.{last}{n}@partner.example".lower(),
                organisation=org,
                job_role=rng.choice(
                    [
                        "Commissioning manager",
                        "Social worker",
                        "Community development lead",
                        "Practice manager",
                        "Carers' support worker",
                        "Public health officer",
                    ]
                ),
            )
        )
    return Participant.objects.bulk_create(people)


def _first(runs: list[PlannedRun], kind: str, *, year: int | None = None,
           after: dt.date | None = None, site_id: int | None = None) -> PlannedRun | None:  # fmt: skip
    for r in runs:
        if r.course.kind != kind:
            continue
        if year is not None and r.plan.start_date.year != year:
            continue
        if after is not None and r.plan.start_date <= after:
            continue
        if site_id is not None and r.plan.site is not None and r.plan.site.pk != site_id:
            continue
        return r
    return None


def _demo_histories(
    runs: list[PlannedRun], staff: dict[str, StaffMember], participant: Any, today: dt.date
) -> None:
    """The demo log-ins' own training, so My training shows something for each."""
    wanted = [
        ("staff", Course.Kind.FUNDAMENTALS, 2023),
        ("staff", Course.Kind.PRACTITIONER, None),  # the next cohort: booked, survey to answer
        ("lead", Course.Kind.FUNDAMENTALS, 2020),
        ("lead", Course.Kind.PRACTITIONER, 2022),
        ("coach", Course.Kind.PRACTITIONER, 2019),
        ("coach", Course.Kind.LEADERSHIP, 2020),
        ("improvement", Course.Kind.PRACTITIONER, 2017),
        ("executive", Course.Kind.FUNDAMENTALS, 2024),
        ("analyst", Course.Kind.E_LEARNING, 2023),
    ]
    for username, kind, year in wanted:
        member = staff.get(username)
        if member is None:
            continue
        if year is None:
            run = _first(runs, kind, after=today)
        else:
            run = _first(runs, kind, year=year, site_id=member.site_id)
        if run is None:
            continue
        run.people.insert(0, participant(member))
        if len(run.people) > run.plan.capacity:
            run.people.pop()


def _waiting_list(
    runs: list[PlannedRun], queues: dict[str, list[StaffMember]], participant: Any, today: dt.date
) -> None:
    """The next Fundamentals cohort at the first site is full, with people waiting."""
    upcoming = [
        r for r in runs
        if r.course.kind == Course.Kind.FUNDAMENTALS and r.plan.start_date > today
    ]  # fmt: skip
    if not upcoming:
        return
    full = upcoming[0]
    queue = queues[Course.Kind.FUNDAMENTALS]
    while len(full.people) < full.plan.capacity and queue:
        full.people.append(participant(queue.pop(0)))
    for _ in range(3):
        if queue:
            full.waitlist.append(participant(queue.pop(0)))
    # Other upcoming cohorts are part-booked, leaving places to book.
    for r in runs:
        if r.plan.start_date > today and r is not full:
            keep = max(1, int(r.plan.capacity * 0.6))
            r.people = r.people[:keep]


# ---------------------------------------------------------------- bookings


def _at(day: dt.date, hour: int = 17) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _write_enrolments(
    runs: list[PlannedRun], rng: random.Random, today: dt.date
) -> list[Enrolment]:
    enrolments: list[Enrolment] = []
    plans: list[tuple[Enrolment, PlannedRun, int]] = []  # (booking, run, sessions attended)
    sessions = {
        (s.cohort_id, s.number): s
        for s in Session.objects.filter(cohort__in=[r.cohort for r in runs if r.cohort])
    }
    now = timezone.now()
    for r in runs:
        assert r.cohort is not None
        course, start = r.course, r.plan.start_date
        held = [d for d in r.plan.session_dates if d <= today]
        finished = r.plan.session_dates[-1] < today
        for n, person in enumerate(r.people):
            booked = _at(start - dt.timedelta(days=rng.randint(14, 60)), 10)
            if booked > now:
                # A cohort still to come was booked in the weeks up to today.
                booked = now - dt.timedelta(days=rng.randint(1, 30), hours=rng.randint(1, 8))
            e = Enrolment(
                cohort=r.cohort,
                participant=person,
                status=Enrolment.Status.ENROLLED,
                source=rng.choices(
                    [Enrolment.Source.SELF, Enrolment.Source.MANAGER, Enrolment.Source.WARD_EVENT],
                    [6, 3, 1],
                )[0]
                if person.staff_id
                else Enrolment.Source.IMPROVEMENT_TEAM,
                enrolled_at=booked,
            )
            demo_person = n == 0 and person.staff is not None and person.staff.user_id is not None
            # The first on each register comes to every session held, so no session
            # is held with nobody there and no course finishes with nobody through it.
            sure = demo_person or n == 0
            if not sure and rng.random() < 0.05:
                e.status = Enrolment.Status.CANCELLED
                e.cancelled_at = min(booked + dt.timedelta(days=5), now)
                e.cancel_reason = "Cancelled by the participant"
                enrolments.append(e)
                continue
            attended = 0
            if held:
                attended = _attendance_count(len(held), course, rng, sure=sure)
            if finished and attended >= course.min_sessions_attended:
                e.status = Enrolment.Status.COMPLETED
                e.completed_at = _at(r.plan.session_dates[-1])
            enrolments.append(e)
            plans.append((e, r, attended))
        for waiting_at, person in enumerate(r.waitlist, start=1):
            enrolments.append(
                Enrolment(
                    cohort=r.cohort,
                    participant=person,
                    status=Enrolment.Status.WAITLISTED,
                    waitlisted_at=timezone.now() - dt.timedelta(days=10 - waiting_at),
                )
            )
    Enrolment.objects.bulk_create(enrolments, batch_size=1000)
    completed = [e for e in enrolments if e.status == Enrolment.Status.COMPLETED]
    for e in completed:
        e.certificate_number = f"QLS-{e.completed_at:%Y}-{e.pk:06d}"
    Enrolment.objects.bulk_update(completed, ["certificate_number"], batch_size=1000)
    marks = []
    for e, r, attended in plans:
        held = [n for n, d in enumerate(r.plan.session_dates, start=1) if d <= today]
        present = set(rng.sample(held, attended)) if attended else set()
        for number in held:
            marks.append(
                Attendance(
                    session=sessions[(r.cohort.pk, number)],
                    enrolment=e,
                    present=number in present,
                )
            )
    Attendance.objects.bulk_create(marks, batch_size=2000)
    return enrolments


def _attendance_count(held: int, course: Course, rng: random.Random, *, sure: bool) -> int:
    if held == 1:
        return 1 if sure or rng.random() < 0.96 else 0
    if sure:
        return held
    roll = rng.random()
    if roll < 0.62:
        return held
    if roll < 0.9:
        return max(held - 1, 0)
    return rng.randint(0, max(held - 2, 0))


# ---------------------------------------------------------------- surveys


def _write_surveys(enrolments: list[Enrolment], rng: random.Random, today: dt.date) -> None:
    items = list(SurveyItem.objects.filter(active=True))
    if not items:
        return
    offsets = [rng.uniform(-0.8, 0.8) for _ in items]
    responses: list[SurveyResponse] = []
    scores: list[list[int]] = []
    for e in enrolments:
        if e.status not in (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED):
            continue
        start = e.cohort.start_date
        if start < SURVEYS_FROM:
            continue
        is_demo_login = e.participant.staff is not None and e.participant.staff.user_id is not None
        baseline = min(max(rng.gauss(4.3, 1.3), 0.5), 8.5)
        pre_answered = rng.random() < 0.86 and not (is_demo_login and start > today)
        pre_at = _at(start - dt.timedelta(days=rng.randint(1, 10)), 12)
        # Answered before the course, never later than today: one not due yet is waiting.
        pre_at = max(pre_at, e.enrolled_at) if e.enrolled_at else pre_at
        pre_answered = pre_answered and pre_at <= timezone.now()
        pre = SurveyResponse(
            enrolment=e,
            phase=SurveyResponse.Phase.PRE,
            submitted_at=pre_at if pre_answered else None,
        )
        responses.append(pre)
        scores.append(_answers(baseline, offsets, rng) if pre_answered else [])
        if e.status == Enrolment.Status.COMPLETED and e.completed_at:
            post_answered = rng.random() < (0.9 if pre_answered else 0.4) * 0.78 or is_demo_login
            gain = rng.gauss(2.0, 1.1)
            post = SurveyResponse(
                enrolment=e,
                phase=SurveyResponse.Phase.POST,
                submitted_at=e.completed_at + dt.timedelta(days=rng.randint(1, 14))
                if post_answered
                else None,
            )
            responses.append(post)
            scores.append(_answers(baseline + gain, offsets, rng) if post_answered else [])
    SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    answers = [
        SurveyAnswer(response=response, item=item, score=score)
        for response, row in zip(responses, scores, strict=True)
        if row
        for item, score in zip(items, row, strict=True)
    ]
    SurveyAnswer.objects.bulk_create(answers, batch_size=5000)


def _answers(level: float, offsets: list[float], rng: random.Random) -> list[int]:
    return [min(10, max(0, round(level + off + rng.gauss(0, 0.9)))) for off in offsets]


STEP = demo.DemoStep("capability", 600, build_capability, reset_capability)
