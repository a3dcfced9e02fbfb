"""QI clinics: laying out slots, booking, cancelling, coach allocation, outcomes, reminders.

Every write is one transaction; e-mails are queued with ``transaction.on_commit``
so nothing is sent for a booking that was rolled back.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from qls.capability.coaching.errors import (
    BookingStateError,
    ClinicClosedError,
    CoachUnavailableError,
    DoubleBookingError,
    SlotInPastError,
    SlotTakenError,
)
from qls.capability.models import (
    ACTIVE_BOOKING,
    Clinic,
    ClinicBooking,
    ClinicSlot,
    Coach,
)
from qls.organisation.models import StaffMember

MAX_WEEKS = 26


def clinic_dates(clinic: Clinic, *, start: date, weeks: int) -> list[date]:
    """The dates ``clinic`` runs from ``start`` for ``weeks`` weeks, by its recurrence.

    Fortnightly clinics count their weeks from ``clinic.starts_on`` so
    regenerating later keeps the same fortnights; monthly clinics run on the
    first of their weekday in each month.
    """
    first_day = max(start, clinic.starts_on)
    end = start + timedelta(weeks=weeks)
    day = first_day + timedelta(days=(clinic.weekday - first_day.weekday()) % 7)
    dates = []
    while day < end:
        if clinic.recurrence == Clinic.Recurrence.WEEKLY:
            dates.append(day)
        elif clinic.recurrence == Clinic.Recurrence.FORTNIGHTLY:
            anchor = clinic.starts_on + timedelta(
                days=(clinic.weekday - clinic.starts_on.weekday()) % 7
            )
            if ((day - anchor).days // 7) % 2 == 0:
                dates.append(day)
        elif day.day <= 7:
            dates.append(day)
        day += timedelta(days=7)
    return dates


def slot_starts(clinic: Clinic, day: date) -> list[datetime]:
    """Start times of the slots on one clinic day, as aware datetimes in local time."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, clinic.start_time, tzinfo=tz)
    end = datetime.combine(day, clinic.end_time, tzinfo=tz)
    step = timedelta(minutes=clinic.slot_minutes)
    starts = []
    while start + step <= end:
        starts.append(start)
        start += step
    return starts


def generate_slots(*, clinic: Clinic, weeks: int, start: date | None = None) -> int:
    """Create the clinic's missing slots for the next ``weeks`` weeks; return how many.

    Existing slots (and their bookings) are left alone, so it is safe to run
    again. Coaches listed on the clinic take whole days in turn.
    """
    if not clinic.active:
        raise ClinicClosedError(f"{clinic.title} is closed, so no new slots can be added.")
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be between 1 and {MAX_WEEKS}")
    start = start or timezone.localdate()
    coaches = list(clinic.coaches.filter(active=True).order_by("pk"))
    now = timezone.now()
    with transaction.atomic():
        existing = set(clinic.slots.values_list("starts_at", flat=True))
        new = []
        for index, day in enumerate(clinic_dates(clinic, start=start, weeks=weeks)):
            coach = coaches[index % len(coaches)] if coaches else None
            for starts_at in slot_starts(clinic, day):
                if starts_at in existing or starts_at <= now:
                    continue
                new.append(
                    ClinicSlot(
                        clinic=clinic,
                        starts_at=starts_at,
                        duration_minutes=clinic.slot_minutes,
                        coach=coach,
                    )
                )
        ClinicSlot.objects.bulk_create(new)
    return len(new)


def book_slot(
    *,
    slot: ClinicSlot,
    staff: StaffMember,
    topic: str,
    project: Any = None,
    by: Any = None,
) -> ClinicBooking:
    """Book ``slot`` for ``staff``; refuse past slots, taken slots and clashes."""
    with transaction.atomic():
        # Lock the slot so two people booking it at once queue here (PostgreSQL);
        # the partial unique constraints catch anything that slips past.
        slot = ClinicSlot.objects.select_for_update().select_related("clinic").get(pk=slot.pk)
        if not slot.clinic.active:
            raise ClinicClosedError(f"{slot.clinic.title} is closed and takes no bookings.")
        if slot.is_past:
            raise SlotInPastError("This slot has already started. Choose a later slot.")
        if slot.bookings.filter(status__in=ACTIVE_BOOKING).exists():
            raise SlotTakenError("Someone has already booked this slot. Choose another slot.")
        clash = _clashing_booking(staff, slot)
        if clash is not None:
            when = timezone.localtime(clash.starts_at)
            raise DoubleBookingError(
                f"{staff} already has a clinic booking at {when:%H:%M} on "
                f"{when.day} {when:%B %Y} ({clash.slot.clinic.title}). Cancel it first or "
                "choose another time."
            )
        booking = ClinicBooking(
            slot=slot,
            staff=staff,
            starts_at=slot.starts_at,
            topic=topic,
            project=project,
            booked_by=by,
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError:
            # Another request won a race the checks above could not see.
            if slot.bookings.filter(status__in=ACTIVE_BOOKING).exists():
                raise SlotTakenError(
                    "Someone has just booked this slot. Choose another slot."
                ) from None
            raise DoubleBookingError(
                f"{staff} has just booked another clinic slot at this time."
            ) from None
        transaction.on_commit(lambda: _send_booking_email(booking.pk, "confirmation"))
    return booking


def _clashing_booking(staff: StaffMember, slot: ClinicSlot) -> ClinicBooking | None:
    end = slot.ends_at
    candidates = ClinicBooking.objects.filter(
        staff=staff,
        status__in=ACTIVE_BOOKING,
        starts_at__lt=end,
        starts_at__gte=slot.starts_at - timedelta(hours=4),
    ).select_related("slot__clinic")
    for booking in candidates:
        if booking.slot.ends_at > slot.starts_at:
            return booking
    return None


def cancel_booking(*, booking: ClinicBooking, by: Any = None) -> ClinicBooking:
    with transaction.atomic():
        booking = ClinicBooking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != ClinicBooking.Status.BOOKED:
            raise BookingStateError(
                f"This booking is {booking.get_status_display().lower()}, so it cannot be "
                "cancelled."
            )
        if booking.starts_at <= timezone.now():
            raise BookingStateError("This slot has already started, so it cannot be cancelled.")
        booking.status = ClinicBooking.Status.CANCELLED
        booking.save(update_fields=["status"])
    return booking


def record_outcome(
    *, booking: ClinicBooking, status: str, notes: str = "", by: Any = None
) -> ClinicBooking:
    """Record whether the person came and what was agreed; only once the slot has started."""
    if status not in (ClinicBooking.Status.ATTENDED, ClinicBooking.Status.NO_SHOW):
        raise BookingStateError("Choose whether the person attended or did not attend.")
    with transaction.atomic():
        booking = ClinicBooking.objects.select_for_update().get(pk=booking.pk)
        if booking.status == ClinicBooking.Status.CANCELLED:
            raise BookingStateError("This booking was cancelled, so there is no outcome to record.")
        if booking.starts_at > timezone.now():
            raise BookingStateError(
                "This slot has not happened yet. Record attendance once it has started."
            )
        booking.status = status
        booking.outcome_notes = notes
        booking.save(update_fields=["status", "outcome_notes"])
    return booking


def allocate_coach(*, slot: ClinicSlot, coach: Coach | None, by: Any = None) -> ClinicSlot:
    """Put ``coach`` on ``slot`` (or take the coach off with None); refuse clashes."""
    with transaction.atomic():
        slot = ClinicSlot.objects.select_for_update().get(pk=slot.pk)
        if coach is not None:
            if not coach.active:
                raise CoachUnavailableError(f"{coach} is not an active coach.")
            busy = (
                ClinicSlot.objects.filter(
                    coach=coach,
                    starts_at__lt=slot.ends_at,
                    starts_at__gt=slot.starts_at - timedelta(hours=4),
                )
                .exclude(pk=slot.pk)
                .select_related("clinic")
            )
            for other in busy:
                if other.ends_at > slot.starts_at:
                    raise CoachUnavailableError(
                        f"{coach} is already coaching {other} at that time."
                    )
        slot.coach = coach
        slot.save(update_fields=["coach"])
    return slot


def send_clinic_reminders(*, now: datetime | None = None) -> int:
    """E-mail everyone booked into tomorrow's clinic slots; return how many were queued.

    Safe to run more than once a day: each booking is reminded once
    (``reminder_sent_at``). Run daily by the Huey periodic task in
    ``qls.capability.tasks`` or by ``manage.py send_clinic_reminders``.
    """
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    tz = timezone.get_current_timezone()
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=tz)
    end = start + timedelta(days=1)
    sent = 0
    with transaction.atomic():
        due = list(
            ClinicBooking.objects.select_for_update()
            .filter(
                status=ClinicBooking.Status.BOOKED,
                reminder_sent_at__isnull=True,
                starts_at__gte=start,
                starts_at__lt=end,
            )
            .filter(~Q(staff__email=""))
        )
        for booking in due:
            booking.reminder_sent_at = now
            transaction.on_commit(partial(_send_booking_email, booking.pk, "reminder"))
            sent += 1
        ClinicBooking.objects.bulk_update(due, ["reminder_sent_at"])
    return sent


def _send_booking_email(booking_pk: int, kind: str) -> None:
    booking = ClinicBooking.objects.select_related(
        "staff", "slot__clinic__site", "slot__coach__staff", "project"
    ).get(pk=booking_pk)
    if not booking.staff.email:
        return
    context = {"booking": booking, "slot": booking.slot, "clinic": booking.slot.clinic}
    when = timezone.localtime(booking.starts_at)
    subject = (
        f"Reminder: QI clinic tomorrow at {when:%H:%M}"
        if kind == "reminder"
        else f"QI clinic booked for {when.day} {when:%B} at {when:%H:%M}"
    )
    body = render_to_string(f"capability/clinics/email_{kind}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [booking.staff.email])
