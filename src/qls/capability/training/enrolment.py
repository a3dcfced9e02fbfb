"""Taking, losing and offering places on a cohort.

Every action that can change how many places are held locks the cohort row
first (``select_for_update``), then counts. Two people taking the last place
at the same moment queue on that lock: the second counts the first's place
and gets the waiting list (or a ``CohortFull`` refusal), never an extra seat.
A freed place goes at once to the first person on the waiting list as an
offer with an expiry; the offer email leaves only once the transaction has
committed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qls.capability.models import PLACE_HOLDING, Cohort, Enrolment, Participant
from qls.capability.training import emails, surveys
from qls.capability.training.errors import (
    AlreadyEnrolled,
    CohortFull,
    CohortNotBookable,
    OfferNotOpen,
    TrainingError,
)
from qls.organisation.models import Organisation, StaffMember

# How long a waiting-list offer stays open before it passes to the next person.
OFFER_VALID = dt.timedelta(hours=72)
BOOKABLE = (Cohort.Status.PLANNED, Cohort.Status.OPEN)
# Enrolments that stop the same person enrolling on the course again.
LIVE = (
    Enrolment.Status.APPLIED,
    Enrolment.Status.NOMINATED,
    Enrolment.Status.WAITLISTED,
    Enrolment.Status.OFFERED,
    Enrolment.Status.ENROLLED,
)


def participant_for_staff(staff: StaffMember) -> Participant:
    participant, _ = Participant.objects.get_or_create(staff=staff)
    return participant


def places_taken(cohort: Cohort) -> int:
    return cohort.enrolments.filter(status__in=PLACE_HOLDING).count()


def places_left(cohort: Cohort) -> int:
    return max(cohort.capacity - places_taken(cohort), 0)


def waiting_list(cohort: Cohort):
    return cohort.enrolments.filter(status=Enrolment.Status.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )


def _lock(cohort: Cohort) -> Cohort:
    # The one serialisation point for places on this cohort (see the module docstring).
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _refuse_double_booking(cohort: Cohort, participant: Participant) -> None:
    name = participant.display_name
    existing = (
        Enrolment.objects.filter(participant=participant, cohort__course=cohort.course)
        .exclude(status=Enrolment.Status.CANCELLED)
        .select_related("cohort")
    )
    for other in existing:
        if other.cohort_id == cohort.pk:
            raise AlreadyEnrolled(
                f"{name} is already enrolled on {cohort.name} "
                f"({other.get_status_display().lower()}); a second enrolment was not made."
            )
        if other.status == Enrolment.Status.COMPLETED:
            raise AlreadyEnrolled(f"{name} has already completed {cohort.course.name}.")
        if other.status in LIVE:
            raise AlreadyEnrolled(
                f"{name} is already enrolled on {other.cohort.name} of the same course "
                f"({other.get_status_display().lower()}). Cancel that enrolment first."
            )


def request_place(
    *,
    cohort: Cohort,
    participant: Participant,
    by: Any = None,
    source: str = Enrolment.Source.SELF,
    waitlist_if_full: bool = True,
    base_url: str = "",
    now: dt.datetime | None = None,
) -> Enrolment:
    """Enrol ``participant`` on ``cohort``: a place, else the waiting list (or ``CohortFull``).

    A cohort still being planned records an application (or nomination),
    which gets a place or a waiting-list place when enrolment opens.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            cohort = _lock(cohort)
            if cohort.status not in BOOKABLE:
                raise CohortNotBookable(
                    f"{cohort.name} is not taking enrolments ({cohort.get_status_display().lower()})."
                )
            _expire_offers_locked(cohort, now=now, base_url=base_url)
            _refuse_double_booking(cohort, participant)
            enrolment = Enrolment(
                cohort=cohort,
                participant=participant,
                source=source,
                nominated_by=by if source != Enrolment.Source.SELF else None,
            )
            if cohort.status == Cohort.Status.PLANNED:
                enrolment.status = (
                    Enrolment.Status.APPLIED
                    if source == Enrolment.Source.SELF
                    else Enrolment.Status.NOMINATED
                )
                enrolment.save()
                return enrolment
            _place_or_waitlist(
                enrolment, cohort, waitlist_if_full=waitlist_if_full, now=now, base_url=base_url
            )
            return enrolment
    except IntegrityError as exc:
        # The unique constraint caught a second enrolment that raced the check above.
        raise AlreadyEnrolled(
            f"{participant.display_name} is already enrolled on {cohort.name}."
        ) from exc


def _place_or_waitlist(
    enrolment: Enrolment, cohort: Cohort, *, waitlist_if_full: bool, now: dt.datetime, base_url: str
) -> None:
    free = places_left(cohort)
    if free > 0 and waiting_list(cohort).exists():
        # People already waiting come first (a place freed while nobody was offered it).
        offer_free_places(cohort, now=now, base_url=base_url)
        free = places_left(cohort)
    if free > 0:
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.enrolled_at = now
        enrolment.save()
        surveys.send_survey(enrolment, phase="pre", base_url=base_url)
        emails.send_enrolled(enrolment, base_url=base_url)
        return
    if not waitlist_if_full:
        raise CohortFull(
            f"{cohort.name} is full: all {cohort.capacity} places are taken. "
            "Join the waiting list instead."
        )
    enrolment.status = Enrolment.Status.WAITLISTED
    enrolment.waitlisted_at = now
    enrolment.save()


def nominate(
    *,
    cohort: Cohort,
    staff: StaffMember,
    by: Any,
    source: str = Enrolment.Source.MANAGER,
    base_url: str = "",
) -> Enrolment:
    """A manager (or a ward engagement event) puts a member of staff forward."""
    return request_place(
        cohort=cohort,
        participant=participant_for_staff(staff),
        by=by,
        source=source,
        waitlist_if_full=True,
        base_url=base_url,
    )


def add_partner(
    *,
    cohort: Cohort,
    name: str,
    email: str,
    organisation: Organisation,
    job_role: str = "",
    by: Any,
    waitlist_if_full: bool = True,
    base_url: str = "",
) -> Enrolment:
    """Enrol a partner organisation's person (not on the staff directory)."""
    with transaction.atomic():
        participant = Participant.objects.filter(
            staff__isnull=True, organisation=organisation, email__iexact=email, name=name
        ).first() or Participant.objects.create(
            name=name, email=email, organisation=organisation, job_role=job_role
        )
        return request_place(
            cohort=cohort,
            participant=participant,
            by=by,
            source=Enrolment.Source.IMPROVEMENT_TEAM,
            waitlist_if_full=waitlist_if_full,
            base_url=base_url,
        )


def cancel(
    *,
    enrolment: Enrolment,
    by: Any = None,
    reason: str = "",
    base_url: str = "",
    now: dt.datetime | None = None,
) -> list[Enrolment]:
    """Cancel an enrolment; a place it held is offered to the waiting list. Returns the offers."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock(enrolment.cohort)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status == Enrolment.Status.CANCELLED:
            raise TrainingError("This enrolment is already cancelled.")
        if enrolment.status == Enrolment.Status.COMPLETED:
            raise TrainingError(
                f"{enrolment.participant.display_name} has completed {cohort.name}; "
                "a completed course cannot be cancelled."
            )
        held = enrolment.holds_place
        enrolment.status = Enrolment.Status.CANCELLED
        enrolment.cancelled_at = now
        enrolment.cancel_reason = reason[:200]
        enrolment.save(update_fields=["status", "cancelled_at", "cancel_reason"])
        if not held or cohort.status != Cohort.Status.OPEN:
            return []
        return offer_free_places(cohort, now=now, base_url=base_url)


def course_starts_at(cohort: Cohort) -> dt.datetime:
    """When the cohort's first session begins (midnight of the start date if untimed)."""
    first = cohort.sessions.order_by("date", "start_time").first()
    day = first.date if first else cohort.start_date
    time = (first.start_time if first else None) or dt.time(0, 0)
    return timezone.make_aware(dt.datetime.combine(day, time))


def offer_free_places(
    cohort: Cohort, *, now: dt.datetime | None = None, base_url: str = ""
) -> list[Enrolment]:
    """Offer each free place to the next person waiting. Call with the cohort locked.

    An offer must be answerable before the course begins: none is made once
    the first session has started, and an offer's reply-by time is never
    later than that start.
    """
    now = now or timezone.now()
    offers: list[Enrolment] = []
    free = places_left(cohort)
    if free <= 0:
        return offers
    starts = course_starts_at(cohort)
    if now >= starts:
        return offers
    expires = min(now + OFFER_VALID, starts)
    for waiting in waiting_list(cohort)[:free]:
        waiting.status = Enrolment.Status.OFFERED
        waiting.offered_at = now
        waiting.offer_expires = expires
        waiting.save(update_fields=["status", "offered_at", "offer_expires"])
        emails.send_offer(waiting, base_url=base_url)
        offers.append(waiting)
    return offers


def _expire_offers_locked(cohort: Cohort, *, now: dt.datetime, base_url: str) -> int:
    expired = list(
        cohort.enrolments.filter(status=Enrolment.Status.OFFERED, offer_expires__lte=now)
    )
    for offer in expired:
        offer.status = Enrolment.Status.CANCELLED
        offer.cancelled_at = now
        offer.cancel_reason = "Offer of a place not accepted in time"
        offer.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    if expired:
        offer_free_places(cohort, now=now, base_url=base_url)
    return len(expired)


def expire_offers(cohort: Cohort, *, now: dt.datetime | None = None, base_url: str = "") -> int:
    """Withdraw offers past their expiry and pass the places on. Returns how many expired."""
    now = now or timezone.now()
    if not cohort.enrolments.filter(
        status=Enrolment.Status.OFFERED, offer_expires__lte=now
    ).exists():
        return 0
    with transaction.atomic():
        return _expire_offers_locked(_lock(cohort), now=now, base_url=base_url)


def expire_all_offers(*, now: dt.datetime | None = None) -> int:
    """Withdraw every overdue offer in every cohort and pass the places on.

    Run hourly by the Huey periodic task in ``qls.capability.tasks`` (or
    ``manage.py expire_offers``), so a place moves down the waiting list
    even when nobody opens the cohort. Returns how many offers expired.
    """
    now = now or timezone.now()
    cohorts = Cohort.objects.filter(
        enrolments__status=Enrolment.Status.OFFERED, enrolments__offer_expires__lte=now
    ).distinct()
    return sum(expire_offers(cohort, now=now) for cohort in cohorts)


def accept_offer(
    *, enrolment: Enrolment, base_url: str = "", now: dt.datetime | None = None
) -> Enrolment:
    """Take up an offered place (only while the offer is open)."""
    now = now or timezone.now()
    # Expiry commits on its own, so a refused late acceptance still passes the place on.
    expire_offers(enrolment.cohort, now=now, base_url=base_url)
    with transaction.atomic():
        _lock(enrolment.cohort)
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status == Enrolment.Status.ENROLLED:
            return enrolment
        if enrolment.status == Enrolment.Status.OFFERED and now >= course_starts_at(
            enrolment.cohort
        ):
            raise OfferNotOpen(
                f"This offer of a place on {enrolment.cohort.name} is closed: the course has started."
            )
        if enrolment.status != Enrolment.Status.OFFERED:
            when = (
                f" It expired on {timezone.localtime(enrolment.offer_expires):%d %B %Y at %H:%M}."
                if enrolment.offer_expires
                else ""
            )
            raise OfferNotOpen(f"This offer of a place on {enrolment.cohort.name} is closed.{when}")
        enrolment.status = Enrolment.Status.ENROLLED
        enrolment.enrolled_at = now
        enrolment.save(update_fields=["status", "enrolled_at"])
        surveys.send_survey(enrolment, phase="pre", base_url=base_url)
        return enrolment


def open_booking(cohort: Cohort, *, by: Any = None, base_url: str = "") -> list[Enrolment]:
    """Open a planned cohort: applications and nominations take places in the order made."""
    now = timezone.now()
    with transaction.atomic():
        cohort = _lock(cohort)
        if cohort.status != Cohort.Status.PLANNED:
            raise CohortNotBookable(f"{cohort.name} is not a planned cohort.")
        cohort.status = Cohort.Status.OPEN
        cohort.save(update_fields=["status"])
        waiting = list(
            cohort.enrolments.filter(
                status__in=[Enrolment.Status.APPLIED, Enrolment.Status.NOMINATED]
            ).order_by("created_at", "pk")
        )
        for enrolment in waiting:
            _place_or_waitlist(enrolment, cohort, waitlist_if_full=True, now=now, base_url=base_url)
        return waiting


def set_capacity(cohort: Cohort, capacity: int, *, base_url: str = "") -> list[Enrolment]:
    """Change the number of places; never below the places already held."""
    with transaction.atomic():
        cohort = _lock(cohort)
        taken = places_taken(cohort)
        if capacity < taken:
            raise TrainingError(
                f"Capacity cannot be {capacity}: {taken} places on {cohort.name} are already "
                "taken. Cancel enrolments first."
            )
        cohort.capacity = capacity
        cohort.save(update_fields=["capacity"])
        if cohort.status == Cohort.Status.OPEN:
            return offer_free_places(cohort, base_url=base_url)
        return []
