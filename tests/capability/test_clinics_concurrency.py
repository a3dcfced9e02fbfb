"""Two bookings racing for one clinic slot, or one person racing for two slots at one time:
only one wins. PostgreSQL only (``make test-postgres``): SQLite has no row locks and
serialises writes, so the race cannot happen there."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from qls.capability.coaching import clinics
from qls.capability.coaching.errors import CoachingError, DoubleBookingError, SlotTakenError
from qls.capability.models import ClinicBooking
from tests.factories.capability_coaching import ClinicSlotFactory, in_days
from tests.factories.organisation import StaffMemberFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks, so the race cannot happen there",
    ),
]


def _race(monkeypatch, jobs) -> list[str]:
    """Run each (slot, staff) booking in its own thread and connection, at the same moment."""
    checked = clinics._clashing_booking

    def slow_check(staff, slot):
        found = checked(staff, slot)
        time.sleep(0.3)  # widen the gap between checking and writing
        return found

    monkeypatch.setattr(clinics, "_clashing_booking", slow_check)
    start = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def book(slot, staff):
        try:
            start.wait()
            clinics.book_slot(slot=slot, staff=staff, topic="Race")
            outcomes.append("booked")
        except SlotTakenError:
            outcomes.append("taken")
        except DoubleBookingError:
            outcomes.append("double")
        except CoachingError as error:  # pragma: no cover - named in the failure
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_people_booking_one_slot_at_once_do_not_both_get_it(monkeypatch):
    slot = ClinicSlotFactory()
    outcomes = _race(monkeypatch, [(slot, StaffMemberFactory()), (slot, StaffMemberFactory())])
    assert outcomes == ["booked", "taken"]
    assert ClinicBooking.objects.filter(slot=slot).count() == 1


def test_one_person_booking_two_slots_at_one_time_gets_only_one(monkeypatch):
    when = in_days(4, 13)
    person = StaffMemberFactory()
    first, second = ClinicSlotFactory(starts_at=when), ClinicSlotFactory(starts_at=when)
    outcomes = _race(monkeypatch, [(first, person), (second, person)])
    assert outcomes == ["booked", "double"]
    assert ClinicBooking.objects.filter(staff=person).count() == 1
