"""Who the training demo enrols: staff, partners' people, the demo log-ins' histories."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from qls.capability.models import (
    Course,
    Participant,
)
from qls.demo import context as demo
from qls.demo.capability.cohorts import staff_of
from qls.demo.capability.courses import PlannedRun
from qls.demo.organisation import data as names
from qls.organisation.models import Organisation, StaffMember

# ---------------------------------------------------------------- people


def choose_people(
    runs: list[PlannedRun], ctx: demo.DemoContext, rng: random.Random, today: dt.date
) -> None:
    demo_staff = {name: member for name in ctx.users if (member := staff_of(ctx, name)) is not None}
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
