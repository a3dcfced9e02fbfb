"""Enrolment: apply or join the waiting list, nominate, add partners, cancel, accept offers."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.capability import access
from qls.capability.models import Enrolment
from qls.capability.permissions import MANAGE_TRAINING, NOMINATE
from qls.capability.training import completion, enrolment
from qls.capability.training.errors import TrainingError
from qls.capability.training.forms import ApplyForm, CompleteForm, NominateForm, PartnerForm
from qls.capability.views._common import base_url, crumbs

STATUS_MESSAGES = {
    Enrolment.Status.ENROLLED: "You have a place on {cohort}. Your pre-course survey is on "
    "My training.",
    Enrolment.Status.WAITLISTED: "{cohort} is full: you are number {position} on the waiting "
    "list. If a place comes up it is offered to you by email.",
    Enrolment.Status.APPLIED: "Your application for {cohort} is recorded. Places are allocated "
    "in order of application when enrolment opens.",
    Enrolment.Status.NOMINATED: "{name} is nominated for {cohort}; places are allocated when "
    "enrolment opens.",
}


def _position(e: Enrolment) -> int:
    return list(enrolment.waiting_list(e.cohort).values_list("pk", flat=True)).index(e.pk) + 1


def _enrolled_message(e: Enrolment, *, own: bool) -> str:
    if not own:
        return {
            Enrolment.Status.ENROLLED: "{name} has a place on {cohort}.",
            Enrolment.Status.WAITLISTED: "{cohort} is full: {name} is number {position} on "
            "the waiting list.",
        }.get(e.status, STATUS_MESSAGES.get(e.status, "{name} enrolled.")).format(
            name=e.participant.display_name,
            cohort=e.cohort.name,
            position=_position(e) if e.status == Enrolment.Status.WAITLISTED else "",
        )
    return STATUS_MESSAGES.get(e.status, "Enrolled.").format(
        name=e.participant.display_name,
        cohort=e.cohort.name,
        position=_position(e) if e.status == Enrolment.Status.WAITLISTED else "",
    )


@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.get_cohort(request.user, pk)
    staff = access.staff_member_of(request.user)
    if staff is None:
        messages.error(
            request,
            "Your account is not linked to a staff record, so you cannot enrol. Ask an "
            "administrator to link it.",
        )
        return redirect(cohort)
    form = ApplyForm(request.POST)
    want = form.cleaned_data["want"] if form.is_valid() else "place"
    try:
        enrolled = enrolment.request_place(
            cohort=cohort,
            participant=enrolment.participant_for_staff(staff),
            by=request.user,
            waitlist_if_full=want == "waitlist",
            base_url=base_url(request),
        )
    except TrainingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _enrolled_message(enrolled, own=True))
    return redirect(cohort)


def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.get_cohort(request.user, pk)
    access.require(request.user, NOMINATE)
    post = request.method == "POST"
    form = NominateForm(request.POST if post else None)
    if post and form.is_valid():
        try:
            enrolled = enrolment.nominate(
                cohort=cohort,
                staff=form.cleaned_data["staff"],
                by=request.user,
                source=form.cleaned_data["source"],
                base_url=base_url(request),
            )
        except TrainingError as refusal:
            form.add_error("staff", str(refusal))
        else:
            messages.success(request, _enrolled_message(enrolled, own=False))
            return redirect(cohort)
    return render(
        request,
        "capability/nominate.html",
        {
            "form": form,
            "cohort": cohort,
            "crumbs": crumbs(
                ("Cohorts", reverse("capability:cohorts")), (cohort.name, cohort.get_absolute_url())
            ),
        },
    )


def add_partner(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.get_managed_cohort(request.user, pk)
    post = request.method == "POST"
    form = PartnerForm(request.POST if post else None)
    if post and form.is_valid():
        d = form.cleaned_data
        try:
            enrolled = enrolment.add_partner(
                cohort=cohort,
                name=d["name"],
                email=d["email"],
                organisation=d["organisation"],
                job_role=d["job_role"],
                by=request.user,
                waitlist_if_full=d["if_full"] == "waitlist",
                base_url=base_url(request),
            )
        except TrainingError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _enrolled_message(enrolled, own=False))
            return redirect(cohort)
    return render(
        request,
        "capability/partner_form.html",
        {
            "form": form,
            "cohort": cohort,
            "crumbs": crumbs(
                ("Cohorts", reverse("capability:cohorts")), (cohort.name, cohort.get_absolute_url())
            ),
        },
    )


def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_enrolment(request.user, pk)
    own = access.is_own(request.user, item)
    if request.method == "POST":
        try:
            offers = enrolment.cancel(
                enrolment=item,
                by=request.user,
                reason="Cancelled by the participant"
                if own
                else "Cancelled by the improvement team",
                base_url=base_url(request),
            )
        except TrainingError as refusal:
            messages.error(request, str(refusal))
        else:
            note = (
                f" The place was offered to {offers[0].participant.display_name}, next on the "
                "waiting list."
                if offers and not own
                else ""
            )
            who = "Your enrolment" if own else f"{item.participant.display_name}'s enrolment"
            messages.success(request, f"{who} on {item.cohort.name} is cancelled.{note}")
        return redirect("capability:my_training" if own else item.cohort.get_absolute_url())
    return render(
        request,
        "capability/cancel.html",
        {
            "enrolment": item,
            "own": own,
            "crumbs": crumbs(
                ("My training", reverse("capability:my_training"))
                if own
                else (item.cohort.name, item.cohort.get_absolute_url())
            ),
        },
    )


def offer(request: HttpRequest, pk: int) -> HttpResponse:
    """The link in the offer email: accept or decline the place."""
    item = access.get_enrolment(request.user, pk, own_only=True)
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "decline":
                enrolment.cancel(
                    enrolment=item,
                    by=request.user,
                    reason="Offer declined",
                    base_url=base_url(request),
                )
                messages.success(request, f"You declined the place on {item.cohort.name}.")
            else:
                enrolment.accept_offer(enrolment=item, base_url=base_url(request))
                messages.success(
                    request,
                    f"You have a place on {item.cohort.name}. Your pre-course survey is below.",
                )
        except TrainingError as refusal:
            messages.error(request, str(refusal))
        return redirect("capability:my_training")
    enrolment.expire_offers(item.cohort, base_url=base_url(request))
    item.refresh_from_db()
    return render(
        request,
        "capability/offer.html",
        {"enrolment": item, "crumbs": crumbs(("My training", reverse("capability:my_training")))},
    )


@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_enrolment(request.user, pk)
    access.require(request.user, MANAGE_TRAINING)
    form = CompleteForm(request.POST)
    confirmed = form.is_valid() and form.cleaned_data["project_confirmed"]
    try:
        completion.complete(
            enrolment=item,
            by=request.user,
            project_confirmed=bool(confirmed) and item.participant.is_partner,
            base_url=base_url(request),
        )
    except TrainingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{item.participant.display_name} has completed the course.")
    return redirect(item.cohort)
