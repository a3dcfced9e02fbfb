"""The demo's QI clinics: past and coming sessions, with bookings and outcomes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from qls.capability.coaching.clinics import clinic_dates, slot_starts
from qls.capability.models import (
    Clinic,
    ClinicBooking,
    ClinicSlot,
)
from qls.demo.capability.coaches import demo_staff
from qls.demo.capability.coaching_data import CLINICS, OUTCOMES, TOPICS
from qls.projects.models import ProjectMember


def build_clinics(ctx, rng, coaches, now) -> int:
    today = timezone.localdate()
    first = today - dt.timedelta(weeks=12)
    site_coaches = defaultdict(list)
    for coach in coaches:
        if coach.active and coach.level.order >= 2:
            site_coaches[coach.staff.site_id].append(coach)
    demo_coach = next(
        (c for c in coaches if c.staff.user_id == getattr(ctx.users.get("coach"), "pk", None)),
        None,
    )
    people = defaultdict(list)
    for member in ctx.staff:
        if member.site_id and member.user_id is None:
            people[member.site_id].append(member)
    running = defaultdict(list)
    for pk, staff_id in (
        ProjectMember.objects.filter(role=ProjectMember.Role.LEAD)
        .exclude(project__stage="closed")
        .values_list("project_id", "staff_id")
    ):
        running[staff_id].append(pk)
    staff_user = demo_staff(ctx, "staff")
    slots: list[ClinicSlot] = []
    clinics = []
    for code, title, weekday, start, end, venue in CLINICS:
        site = ctx.sites.get(code)
        if site is None:
            continue
        clinic = Clinic.objects.create(
            site=site,
            title=title,
            weekday=weekday,
            start_time=start,
            end_time=end,
            slot_minutes=30,
            starts_on=first,
            venue=venue,
            online_link="https://teams.example.nhs.uk/qi-clinic-" + code.lower(),
        )
        team = site_coaches[site.pk][:4]
        if demo_coach and site.pk == demo_coach.staff.site_id and demo_coach not in team:
            team = [demo_coach, *team[:3]]
        Clinic.coaches.through.objects.bulk_create(
            [Clinic.coaches.through(clinic_id=clinic.pk, coach_id=c.pk) for c in team]
        )
        clinics.append(clinic)
        for index, day in enumerate(clinic_dates(clinic, start=first, weeks=18)):
            coach = team[index % len(team)] if team else None
            for starts_at in slot_starts(clinic, day):
                slots.append(
                    ClinicSlot(clinic=clinic, starts_at=starts_at, duration_minutes=30, coach=coach)
                )
    slots = ClinicSlot.objects.bulk_create(slots, batch_size=1000)
    bookings = []
    taken: set[tuple[int, dt.datetime]] = set()
    own_future = own_past = False
    for slot in sorted(slots, key=lambda s: s.starts_at):
        past = slot.starts_at < now
        staff = None
        if staff_user and slot.clinic.site_id == staff_user.site_id:
            if not past and not own_future and slot.starts_at > now + dt.timedelta(days=2):
                staff, own_future = staff_user, True
            elif past and not own_past and slot.starts_at > now - dt.timedelta(weeks=3):
                staff, own_past = staff_user, True
        if staff is None:
            if rng.random() > (0.65 if past else 0.3):
                continue
            staff = rng.choice(people[slot.clinic.site_id])
        if (staff.pk, slot.starts_at) in taken:
            continue
        taken.add((staff.pk, slot.starts_at))
        topic = rng.randrange(len(TOPICS))
        if past:
            recent_unrecorded = slot.starts_at > now - dt.timedelta(days=8) and rng.random() < 0.5
            if recent_unrecorded:
                status, notes = ClinicBooking.Status.BOOKED, ""
            elif rng.random() < 0.1:
                status, notes = ClinicBooking.Status.NO_SHOW, ""
            else:
                status, notes = ClinicBooking.Status.ATTENDED, OUTCOMES[topic]
        else:
            status, notes = ClinicBooking.Status.BOOKED, ""
        projects = running.get(staff.pk)
        bookings.append(
            ClinicBooking(
                slot=slot,
                staff=staff,
                starts_at=slot.starts_at,
                topic=TOPICS[topic],
                project_id=projects[0] if projects else None,
                status=status,
                outcome_notes=notes,
                reminder_sent_at=slot.starts_at - dt.timedelta(days=1) if past else None,
            )
        )
    ClinicBooking.objects.bulk_create(bookings, batch_size=1000)
    return len(bookings)
