"""The training demo's enrolments, attendance and course surveys."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qls.capability.models import (
    Attendance,
    Course,
    Enrolment,
    Session,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
)
from qls.demo.capability.courses import SURVEYS_FROM, PlannedRun

# ---------------------------------------------------------------- bookings


def _at(day: dt.date, hour: int = 17) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def write_enrolments(runs: list[PlannedRun], rng: random.Random, today: dt.date) -> list[Enrolment]:
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


def write_surveys(enrolments: list[Enrolment], rng: random.Random, today: dt.date) -> None:
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
