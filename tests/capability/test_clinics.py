"""QI clinics: laying out slots, booking rules, cancelling, outcomes and reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qls.capability.coaching import clinics
from qls.capability.coaching.errors import (
    BookingStateError,
    ClinicClosedError,
    CoachUnavailableError,
    DoubleBookingError,
    SlotInPastError,
    SlotTakenError,
)
from qls.capability.models import Clinic, ClinicBooking, ClinicSlot
from tests.factories.capability_coaching import (
    ClinicBookingFactory,
    ClinicFactory,
    ClinicSlotFactory,
    CoachFactory,
    in_days,
)
from tests.factories.organisation import StaffMemberFactory

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ slots


def test_weekly_clinic_lays_out_slots_for_each_week_and_is_safe_to_repeat():
    clinic = ClinicFactory(
        weekday=Clinic.Weekday.WEDNESDAY, start_time=dt.time(13), end_time=dt.time(15)
    )
    start = timezone.localdate() + dt.timedelta(days=1)
    added = clinics.generate_slots(clinic=clinic, weeks=4, start=start)
    assert added == 16  # four Wednesdays, four 30-minute slots each
    days = {timezone.localtime(s.starts_at).date() for s in clinic.slots.all()}
    assert len(days) == 4
    assert all(d.weekday() == 2 for d in days)
    assert clinics.generate_slots(clinic=clinic, weeks=4, start=start) == 0


def test_fortnightly_and_monthly_clinics_skip_weeks():
    monday = dt.date(2030, 1, 7)
    fortnightly = ClinicFactory(
        weekday=0, recurrence=Clinic.Recurrence.FORTNIGHTLY, starts_on=monday
    )
    dates = clinics.clinic_dates(fortnightly, start=monday, weeks=6)
    assert dates == [monday, monday + dt.timedelta(weeks=2), monday + dt.timedelta(weeks=4)]
    monthly = ClinicFactory(weekday=0, recurrence=Clinic.Recurrence.MONTHLY, starts_on=monday)
    dates = clinics.clinic_dates(monthly, start=dt.date(2030, 1, 1), weeks=8)
    assert dates == [dt.date(2030, 1, 7), dt.date(2030, 2, 4)]


def test_generated_days_rotate_between_the_clinic_coaches():
    coaches = [CoachFactory(), CoachFactory()]
    clinic = ClinicFactory(coaches=coaches)
    clinics.generate_slots(
        clinic=clinic, weeks=2, start=timezone.localdate() + dt.timedelta(days=1)
    )
    by_day = {}
    for slot in clinic.slots.all():
        by_day.setdefault(timezone.localtime(slot.starts_at).date(), set()).add(slot.coach_id)
    assert sorted(len(c) for c in by_day.values()) == [1, 1]
    assert {c for cs in by_day.values() for c in cs} == {c.pk for c in coaches}


def test_closed_clinic_gets_no_new_slots():
    clinic = ClinicFactory(active=False)
    with pytest.raises(ClinicClosedError):
        clinics.generate_slots(clinic=clinic, weeks=2)


# ------------------------------------------------------------------ booking


def test_booking_a_slot_emails_a_confirmation_after_commit(django_capture_on_commit_callbacks):
    slot = ClinicSlotFactory()
    person = StaffMemberFactory(email="asha.jones@example.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True):
        booking = clinics.book_slot(slot=slot, staff=person, topic="Driver diagram")
    assert booking.status == ClinicBooking.Status.BOOKED
    assert booking.starts_at == slot.starts_at
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["asha.jones@example.nhs.uk"]
    assert "Driver diagram" in mail.outbox[0].body


def test_second_booking_of_the_same_slot_is_refused():
    slot = ClinicSlotFactory()
    clinics.book_slot(slot=slot, staff=StaffMemberFactory(), topic="SPC")
    with pytest.raises(SlotTakenError, match="already booked this slot"):
        clinics.book_slot(slot=slot, staff=StaffMemberFactory(), topic="PDSA")
    assert slot.bookings.count() == 1


def test_a_person_cannot_hold_two_bookings_at_the_same_time():
    person = StaffMemberFactory()
    when = in_days(5, 13)
    first = ClinicSlotFactory(starts_at=when)
    overlapping = ClinicSlotFactory(starts_at=when + dt.timedelta(minutes=15))
    clinics.book_slot(slot=first, staff=person, topic="Measures")
    with pytest.raises(DoubleBookingError, match="already has a clinic booking at 13:00"):
        clinics.book_slot(slot=overlapping, staff=person, topic="Measures again")
    later = ClinicSlotFactory(starts_at=when + dt.timedelta(minutes=30))
    clinics.book_slot(slot=later, staff=person, topic="Back to back is fine")


def test_booking_a_past_slot_is_refused():
    slot = ClinicSlotFactory(starts_at=in_days(-1))
    with pytest.raises(SlotInPastError, match="already started"):
        clinics.book_slot(slot=slot, staff=StaffMemberFactory(), topic="Too late")


def test_database_refuses_two_live_bookings_of_one_slot():
    booking = ClinicBookingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ClinicBookingFactory(slot=booking.slot)


def test_cancelling_frees_the_slot_for_someone_else():
    slot = ClinicSlotFactory()
    booking = clinics.book_slot(slot=slot, staff=StaffMemberFactory(), topic="A")
    clinics.cancel_booking(booking=booking)
    with pytest.raises(BookingStateError, match="cancelled"):
        clinics.cancel_booking(booking=booking)
    other = clinics.book_slot(slot=slot, staff=StaffMemberFactory(), topic="B")
    assert other.status == ClinicBooking.Status.BOOKED


# ------------------------------------------------------------------ coaches and outcomes


def test_outcome_only_once_the_slot_has_started():
    future = ClinicBookingFactory()
    with pytest.raises(BookingStateError, match="has not happened yet"):
        clinics.record_outcome(booking=future, status=ClinicBooking.Status.ATTENDED)
    past = ClinicBookingFactory(slot=ClinicSlotFactory(starts_at=in_days(-2)))
    clinics.record_outcome(
        booking=past, status=ClinicBooking.Status.ATTENDED, notes="Agreed three process measures."
    )
    past.refresh_from_db()
    assert past.status == ClinicBooking.Status.ATTENDED
    assert past.outcome_notes == "Agreed three process measures."


def test_a_coach_cannot_be_in_two_clinics_at_once():
    coach = CoachFactory()
    when = in_days(3)
    ClinicSlotFactory(starts_at=when, coach=coach)
    clash = ClinicSlotFactory(starts_at=when)
    with pytest.raises(CoachUnavailableError, match="already coaching"):
        clinics.allocate_coach(slot=clash, coach=coach)
    inactive = CoachFactory(active=False)
    with pytest.raises(CoachUnavailableError, match="not an active coach"):
        clinics.allocate_coach(slot=clash, coach=inactive)


# ------------------------------------------------------------------ reminders


def test_reminders_go_once_to_tomorrows_bookings_only(django_capture_on_commit_callbacks):
    tomorrow = ClinicBookingFactory(slot=ClinicSlotFactory(starts_at=in_days(1, 10)))
    ClinicBookingFactory(slot=ClinicSlotFactory(starts_at=in_days(2, 10)))
    ClinicBookingFactory(
        slot=ClinicSlotFactory(starts_at=in_days(1, 11)), status=ClinicBooking.Status.CANCELLED
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert clinics.send_clinic_reminders() == 1
    assert [m.to for m in mail.outbox] == [[tomorrow.staff.email]]
    assert "tomorrow" in mail.outbox[0].subject
    tomorrow.refresh_from_db()
    assert tomorrow.reminder_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert clinics.send_clinic_reminders() == 0
    assert len(mail.outbox) == 1


def test_reminder_command_sends_and_reports(capsys, django_capture_on_commit_callbacks):
    ClinicBookingFactory(slot=ClinicSlotFactory(starts_at=in_days(1, 14)))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_clinic_reminders")
    assert "1 clinic reminder sent." in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_no_reminder_is_sent_for_a_rolled_back_run(django_capture_on_commit_callbacks):
    ClinicBookingFactory(slot=ClinicSlotFactory(starts_at=in_days(1, 9)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        clinics.send_clinic_reminders()
    assert len(callbacks) == 1
    assert mail.outbox == []


# ------------------------------------------------------------------ pages


@pytest.fixture
def booker(personas):
    return StaffMemberFactory(user=personas["staff"], email="staff@example.nhs.uk")


def test_staff_book_a_slot_through_the_page(client, personas, booker):
    slot = ClinicSlotFactory()
    client.force_login(personas["staff"])
    page = client.get(reverse("capability:clinic", args=[slot.clinic_id]))
    assert reverse("capability:slot_book", args=[slot.pk]) in page.content.decode()
    response = client.post(reverse("capability:slot_book", args=[slot.pk]), {"topic": "SPC help"})
    assert response.status_code == 302
    assert ClinicBooking.objects.get(slot=slot).staff == booker


def test_page_refuses_a_taken_slot_with_a_clear_message(client, personas, booker):
    slot = ClinicSlotFactory()
    ClinicBookingFactory(slot=slot)
    client.force_login(personas["staff"])
    response = client.post(reverse("capability:slot_book", args=[slot.pk]), {"topic": "SPC"})
    assert response.status_code == 409
    assert "Someone has already booked this slot" in response.content.decode()
    assert not ClinicBooking.objects.filter(staff=booker).exists()


def test_booking_topic_is_screened_for_nhs_numbers(client, personas, booker):
    slot = ClinicSlotFactory()
    client.force_login(personas["staff"])
    response = client.post(
        reverse("capability:slot_book", args=[slot.pk]), {"topic": "Patient 943 476 5919"}
    )
    assert response.status_code == 200
    assert "Remove the NHS number" in response.content.decode()
    assert not ClinicBooking.objects.exists()


def test_only_the_holder_or_a_clinic_manager_may_cancel(client, personas, booker):
    booking = ClinicBookingFactory(staff=booker)
    client.force_login(personas["lead"])
    assert client.post(reverse("capability:booking_cancel", args=[booking.pk])).status_code == 403
    client.force_login(personas["staff"])
    client.post(reverse("capability:booking_cancel", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == ClinicBooking.Status.CANCELLED


def test_the_slot_coach_records_the_outcome_another_coach_may_not(client, personas):
    mine = CoachFactory(staff=StaffMemberFactory(user=personas["coach"]))
    other_coach = CoachFactory()
    booking = ClinicBookingFactory(slot=ClinicSlotFactory(starts_at=in_days(-1), coach=other_coach))
    client.force_login(personas["coach"])
    url = reverse("capability:booking_outcome", args=[booking.pk])
    assert client.get(url).status_code == 403
    ClinicSlot.objects.filter(pk=booking.slot_id).update(coach=mine)
    response = client.post(url, {"status": "attended", "outcome_notes": "Built a run chart."})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == ClinicBooking.Status.ATTENDED
    assert "run chart" in client.get(reverse("capability:coach_slots")).content.decode()


def test_improvement_team_adds_slots_from_the_clinic_page(client, personas):
    clinic = ClinicFactory()
    client.force_login(personas["improvement"])
    response = client.post(reverse("capability:clinic_generate", args=[clinic.pk]), {"weeks": 3})
    assert response.status_code == 302
    assert clinic.slots.count() >= 8
