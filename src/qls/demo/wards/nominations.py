"""The demo's nominees from programme wards, placed on practitioner cohorts with registers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.utils import timezone

from qls.demo.wards.clock import at
from qls.wards.models import Nomination


def build_nominations(rng, events, by_journey, staff_by_ward, ctx) -> None:
    """Two or three people per event, enrolled on the next Practitioner cohort if there is one."""
    from qls.capability.models import Attendance, Cohort, Course, Enrolment, Participant, Session

    cohorts = list(
        Cohort.objects.filter(course__kind=Course.Kind.PRACTITIONER)
        .exclude(status=Cohort.Status.CANCELLED)
        .select_related("course")
        .order_by("start_date")
    )
    nominations: list[Nomination] = []
    improvement_user = ctx.users.get("improvement")
    today = timezone.localdate()
    for event in events:
        if event.date > today:
            continue  # nominated at the event, which has not happened yet
        people = staff_by_ward.get(by_journey[event.journey_id].ward_id, [])
        clinical = [p for p in people if p.is_clinical and not p.user_id]
        for person in rng.sample(clinical, min(len(clinical), rng.choice([2, 2, 3]))):
            nominations.append(
                Nomination(
                    event=event,
                    staff=person,
                    nominated_by=improvement_user,
                    nominated_at=at(event.date, 16),
                )
            )
    if cohorts:
        staff_ids = {n.staff_id for n in nominations}
        participants = {p.staff_id: p for p in Participant.objects.filter(staff_id__in=staff_ids)}
        missing = [Participant(staff_id=s) for s in staff_ids if s not in participants]
        for p in Participant.objects.bulk_create(missing):
            participants[p.staff_id] = p
        taken = set(
            Enrolment.objects.filter(participant__staff_id__in=staff_ids)
            .exclude(status=Enrolment.Status.CANCELLED)
            .values_list("cohort_id", "participant_id")
        )
        # Nominees take real places: a cohort already full is passed over for the next.
        holding = (Enrolment.Status.OFFERED, Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)
        occupied = dict(
            Enrolment.objects.filter(cohort__in=cohorts, status__in=holding)
            .values("cohort")
            .annotate(n=Count("id"))
            .values_list("cohort", "n")
        )
        sessions: dict[int, list[Session]] = defaultdict(list)
        for session in Session.objects.filter(cohort__in=cohorts).order_by("number"):
            sessions[session.cohort_id].append(session)
        new: list[tuple[Nomination, Enrolment]] = []
        for nomination in nominations:
            cohort = next(
                (
                    c
                    for c in cohorts
                    if c.start_date > nomination.event.date
                    and (c.status == Cohort.Status.PLANNED or occupied.get(c.pk, 0) < c.capacity)
                ),
                None,
            )
            participant = participants[nomination.staff_id]
            if cohort is None or (cohort.pk, participant.pk) in taken:
                continue
            taken.add((cohort.pk, participant.pk))
            finished = cohort.status == Cohort.Status.FINISHED
            completed = finished and rng.random() < 0.85
            status = (
                Enrolment.Status.COMPLETED
                if completed
                else Enrolment.Status.CANCELLED
                if finished
                else Enrolment.Status.NOMINATED
                if cohort.status == Cohort.Status.PLANNED
                else Enrolment.Status.ENROLLED
            )
            if status in holding:
                occupied[cohort.pk] = occupied.get(cohort.pk, 0) + 1
            start = at(cohort.start_date, 17)
            last_session = max((s.date for s in sessions[cohort.pk]), default=cohort.start_date)
            new.append(
                (
                    nomination,
                    Enrolment(
                        cohort=cohort,
                        participant=participant,
                        status=status,
                        source=Enrolment.Source.WARD_EVENT,
                        nominated_by=improvement_user,
                        enrolled_at=nomination.nominated_at if status != "nominated" else None,
                        completed_at=at(last_session, 17) if completed else None,
                        cancelled_at=start if status == Enrolment.Status.CANCELLED else None,
                        cancel_reason="Could not be released from the ward"
                        if status == Enrolment.Status.CANCELLED
                        else "",
                    ),
                )
            )
        made = Enrolment.objects.bulk_create([e for _n, e in new], batch_size=500)
        for (nomination, _e), enrolment in zip(new, made, strict=True):
            nomination.enrolment = enrolment
        Attendance.objects.bulk_create(
            _nominee_registers(rng, made, sessions, today), batch_size=1000
        )
    Nomination.objects.bulk_create(nominations, batch_size=500)


def _nominee_registers(rng, enrolments, sessions, today: dt.date) -> list:
    """Registers for nominees' sessions held so far, agreeing with each completion.

    A completed nominee attended enough sessions for the course; one still on
    the course attended most so far; a cancelled place has no register.
    """
    from qls.capability.models import Attendance, Enrolment

    marks = []
    for enrolment in enrolments:
        if enrolment.status not in (Enrolment.Status.COMPLETED, Enrolment.Status.ENROLLED):
            continue
        held = [s for s in sessions[enrolment.cohort_id] if s.date <= today]
        if not held:
            continue
        if enrolment.status == Enrolment.Status.COMPLETED:
            needed = enrolment.cohort.course.min_sessions_attended
            spare = len(held) - needed if rng.random() < 0.3 else 0
            missed = set(rng.sample(range(len(held)), max(0, min(spare, 1))))
        else:
            missed = {i for i in range(len(held)) if rng.random() < 0.1}
        marks += [
            Attendance(session=s, enrolment=enrolment, present=i not in missed)
            for i, s in enumerate(held)
        ]
    return marks
