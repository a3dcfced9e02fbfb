"""Where the ward programme meets the capability area (QSIR Practitioner enrolment).

A nomination at a ward event becomes an enrolment (source "ward event")
on the next QSIR Practitioner cohort that takes bookings, through
capability's own ``enrolment.nominate``: on a cohort still being planned
it is recorded as a nomination, on an open one it takes a place or joins
the waiting list. When no cohort takes bookings the nomination waits
("awaiting a cohort") and ``enrol_waiting`` places it later.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from qls.capability.models import Cohort, Course, Enrolment
from qls.capability.training import enrolment as training
from qls.capability.training.errors import TrainingError
from qls.wards.models import Nomination

log = logging.getLogger(__name__)


def next_practitioner_cohort() -> Cohort | None:
    return (
        Cohort.objects.filter(
            course__kind=Course.Kind.PRACTITIONER,
            status__in=training.BOOKABLE,
            start_date__gt=timezone.localdate(),
        )
        .order_by("start_date", "pk")
        .first()
    )


def enrol_nomination(nomination: Nomination, cohort: Cohort | None = None) -> Enrolment | None:
    """Enrol the nominee on the next Practitioner cohort, or return None when there is none."""
    cohort = cohort or next_practitioner_cohort()
    if cohort is None:
        return None
    try:
        with transaction.atomic():
            enrolment = training.nominate(
                cohort=cohort,
                staff=nomination.staff,
                by=nomination.nominated_by,
                source=Enrolment.Source.WARD_EVENT,
            )
    except TrainingError as error:
        # Already booked on that cohort, say: the nomination stands, shown as waiting.
        log.info("Nomination %s not enrolled: %s", nomination.pk, error)
        existing = Enrolment.objects.filter(
            cohort=cohort, participant__staff=nomination.staff
        ).exclude(status=Enrolment.Status.CANCELLED)
        enrolment = existing.first()
        if enrolment is None:
            return None
    nomination.enrolment = enrolment
    nomination.save(update_fields=["enrolment"])
    return enrolment


def enrol_waiting() -> int:
    """Place every nomination still awaiting a cohort; returns how many were placed."""
    cohort = next_practitioner_cohort()
    if cohort is None:
        return 0
    placed = 0
    for nomination in Nomination.objects.filter(enrolment__isnull=True).select_related("staff"):
        if enrol_nomination(nomination, cohort) is not None:
            placed += 1
    return placed


def nomination_status(nomination: Nomination) -> str:
    enrolment = nomination.enrolment
    if enrolment is None:
        return "Awaiting a cohort"
    return f"{enrolment.get_status_display()}: {enrolment.cohort.name}"


def trained_count(nominations) -> int:
    """Nominees who have completed a QSIR Practitioner course (on any cohort)."""
    staff_ids = nominations.values("staff")
    return (
        Enrolment.objects.filter(
            participant__staff__in=staff_ids,
            status=Enrolment.Status.COMPLETED,
            cohort__course__kind=Course.Kind.PRACTITIONER,
        )
        .values("participant__staff")
        .distinct()
        .count()
    )
