"""What a person must act on in training and coaching, for My work (see ``qls.core.work``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from qls.capability.models import (
    ClinicBooking,
    CompetencyEvidence,
    Enrolment,
    SurveyResponse,
)
from qls.capability.permissions import SIGN_OFF_COMPETENCY
from qls.core.work import WorkItem, WorkSection, first_rows, register

# A person has a handful of enrolments at a time; this bounds the read whatever the data.
MOST_ENROLMENTS = 50
PHASE_WORDS = {
    SurveyResponse.Phase.PRE: "before the course",
    SurveyResponse.Phase.POST: "after the course",
}


def my_training(user: Any) -> WorkSection | None:
    """Places offered to me awaiting my reply, surveys to answer, and my next session.

    One query: my enrolments that are offered, under way, or have a survey
    waiting, each with its next session and its first unanswered survey.
    """
    now = timezone.now()
    today = timezone.localdate()
    waiting = SurveyResponse.objects.filter(enrolment=OuterRef("pk"), submitted_at__isnull=True)
    first_waiting = waiting.order_by("sent_at", "pk")
    enrolments = list(
        Enrolment.objects.filter(participant__staff__user=user)
        .filter(
            Q(status=Enrolment.Status.OFFERED, offer_expires__gt=now)
            | Q(status=Enrolment.Status.ENROLLED)
            | Q(Exists(waiting))
        )
        .select_related("cohort__course")
        .annotate(
            next_session=Min("cohort__sessions__date", filter=Q(cohort__sessions__date__gte=today)),
            survey_id=Subquery(first_waiting.values("pk")[:1]),
            survey_phase=Subquery(first_waiting.values("phase")[:1]),
            survey_sent=Subquery(first_waiting.values("sent_at")[:1]),
        )
        .order_by("pk")[:MOST_ENROLMENTS]
    )
    offers = sorted(
        (e for e in enrolments if e.status == Enrolment.Status.OFFERED),
        key=lambda e: e.offer_expires,
    )
    surveys = [e for e in enrolments if e.survey_id]
    enrolled = [e for e in enrolments if e.status == Enrolment.Status.ENROLLED and e.next_session]
    items = [
        WorkItem(
            text=f"A place on {offer.cohort} is offered to you",
            url=reverse("capability:offer", args=[offer.pk]),
            detail=f"Reply by {timezone.localtime(offer.offer_expires):%-d %b %Y, %H:%M}",
        )
        for offer in offers
    ]
    items += [
        WorkItem(
            text=f"Self-efficacy survey {PHASE_WORDS.get(e.survey_phase, '')}: {e.cohort}",
            url=reverse("capability:survey", args=[e.survey_id]),
            detail=f"Sent {timezone.localtime(e.survey_sent):%-d %b %Y}",
        )
        for e in surveys
    ]
    upcoming = min(enrolled, key=lambda e: e.next_session, default=None)
    if upcoming is not None:
        items.append(
            WorkItem(
                text=f"Next session: {upcoming.cohort}",
                url=reverse("capability:my_training"),
                detail=f"{upcoming.next_session:%A %-d %b %Y}",
            )
        )
    return WorkSection(
        key="training",
        title="My training",
        count=len(offers) + len(surveys) + (1 if upcoming is not None else 0),
        items=items,
        more_url=reverse("capability:my_training"),
        more_text="All my training",
        order=40,
    )


def clinic_bookings(user: Any) -> WorkSection | None:
    """Clinic bookings to come, as the person enrolled or as the slot's coach."""
    total, rows = first_rows(
        ClinicBooking.objects.filter(
            Q(staff__user=user) | Q(slot__coach__staff__user=user),
            status=ClinicBooking.Status.BOOKED,
            starts_at__gte=timezone.now(),
        )
        .select_related("slot__clinic", "staff")
        .order_by("starts_at", "pk")
    )
    return WorkSection(
        key="clinics",
        title="QI clinic bookings",
        count=total,
        items=[
            WorkItem(
                text=f"{booking.slot.clinic}, "
                f"{timezone.localtime(booking.starts_at):%a %-d %b %Y, %H:%M}",
                url=reverse("capability:clinic", args=[booking.slot.clinic_id]),
                detail="You enrolled"
                if booking.staff.user_id == user.pk
                else f"You coach {booking.staff.full_name}",
            )
            for booking in rows
        ],
        more_url=reverse("capability:my_bookings"),
        more_text="All my clinic bookings",
        order=45,
    )


def evidence_to_sign_off(user: Any) -> WorkSection | None:
    """Competency evidence waiting for the faculty's sign-off."""
    if not user.has_perm(SIGN_OFF_COMPETENCY):
        return None
    total, rows = first_rows(
        CompetencyEvidence.objects.filter(status=CompetencyEvidence.Status.SUBMITTED)
        .exclude(staff__user=user)
        .select_related("staff", "competency")
        .order_by("submitted_at", "pk")
    )
    return WorkSection(
        key="evidence",
        title="Competency evidence awaiting my sign-off",
        count=total,
        items=[
            WorkItem(
                text=f"{evidence.staff.full_name}: {evidence.competency.code} "
                f"{evidence.competency.title}",
                url=reverse("capability:evidence", args=[evidence.pk]),
                detail=f"Submitted {timezone.localtime(evidence.submitted_at):%-d %b %Y}",
            )
            for evidence in rows
        ],
        more_url=reverse("capability:sign_off"),
        more_text="Evidence waiting for sign-off",
        order=15,
    )


def register_sections() -> None:
    register("capability.training", my_training)
    register("capability.clinics", clinic_bookings)
    register("capability.evidence", evidence_to_sign_off)
