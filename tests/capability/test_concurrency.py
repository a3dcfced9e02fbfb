"""Two people taking the last place at the same moment: only one gets it.

Runs in the PostgreSQL run of the suite (``make test-postgres``), where two
connections really do run at once and ``select_for_update`` really locks.
SQLite serialises every write anyway and ignores row locks, so there the
test would prove nothing and is skipped.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from qls.capability.models import Enrolment
from qls.capability.training import enrolment
from qls.capability.training.errors import CohortFull
from tests.factories.capability import CohortFactory, ParticipantFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite has no row locks, so the race cannot happen there",
    ),
]


def test_two_people_taking_the_last_place_at_once_do_not_both_get_it(monkeypatch):
    cohort = CohortFactory(capacity=3)
    for _ in range(2):
        enrolment.request_place(cohort=cohort, participant=ParticipantFactory())
    people = [ParticipantFactory(), ParticipantFactory()]

    # Widen the race: pause between counting the places and taking one, so
    # without the lock both requests would count one place free.
    counted = enrolment.places_left

    def slow_places_left(c):
        free = counted(c)
        time.sleep(0.3)
        return free

    monkeypatch.setattr(enrolment, "places_left", slow_places_left)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def take(person):
        try:
            start.wait()
            enrolment.request_place(cohort=cohort, participant=person, waitlist_if_full=False)
            outcomes.append("place")
        except CohortFull:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    assert sorted(outcomes) == ["full", "place"]
    assert cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).count() == 3


def test_two_people_joining_at_once_get_one_place_and_one_waiting_list_place(monkeypatch):
    cohort = CohortFactory(capacity=1)
    people = [ParticipantFactory(), ParticipantFactory()]
    counted = enrolment.places_left

    def slow_places_left(c):
        free = counted(c)
        time.sleep(0.3)
        return free

    monkeypatch.setattr(enrolment, "places_left", slow_places_left)
    start = threading.Barrier(2)

    def take(person):
        try:
            start.wait()
            enrolment.request_place(cohort=cohort, participant=person)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)

    statuses = sorted(cohort.enrolments.values_list("status", flat=True))
    assert statuses == [Enrolment.Status.ENROLLED, Enrolment.Status.WAITLISTED]
