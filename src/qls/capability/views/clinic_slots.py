"""QI clinic slots: booking one, your bookings, coach allocation, outcomes and the slots a coach runs."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from qls.capability.access import require, staff_member_of
from qls.capability.coaching import clinics as clinic_actions
from qls.capability.coaching.access import (
    get_booking_for_outcome,
    get_booking_for_owner,
)
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import (
    BookingForm,
    OutcomeForm,
    SlotCoachForm,
)
from qls.capability.models import ClinicBooking, ClinicSlot
from qls.capability.permissions import (
    BOOK_CLINIC,
    MANAGE_CLINICS,
    RECORD_CLINIC_OUTCOMES,
    VIEW_CLINICS,
)
from qls.capability.views.clinics import _active_bookings, _clinics_crumbs


def _slot(pk: int) -> ClinicSlot:
    return get_object_or_404(
        ClinicSlot.objects.select_related("clinic__site", "coach__staff"), pk=pk
    )


def slot_book(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, BOOK_CLINIC)
    slot = _slot(pk)
    staff = staff_member_of(request.user)
    if staff is None:
        raise PermissionDenied("Your account is not linked to a staff record")
    form = BookingForm(request.POST or None, staff=staff)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            clinic_actions.book_slot(
                slot=slot,
                staff=staff,
                topic=form.cleaned_data["topic"],
                project=form.cleaned_data["project"],
                by=request.user,
            )
        except CoachingError as error:
            problem = str(error)
        else:
            when = timezone.localtime(slot.starts_at)
            messages.success(
                request,
                f"You are booked into {slot.clinic.title} at {when:%H:%M} on "
                f"{when:%A} {when.day} {when:%B}. We have e-mailed you the details.",
            )
            return redirect("capability:my_bookings")
    return render(
        request,
        "capability/clinics/book.html",
        {
            "slot": slot,
            "form": form,
            "problem": problem,
            "crumbs": _clinics_crumbs((slot.clinic.title, slot.clinic.get_absolute_url())),
        },
        status=409 if problem else 200,
    )


def my_bookings(request: HttpRequest) -> HttpResponse:
    require(request.user, BOOK_CLINIC)
    staff = staff_member_of(request.user)
    now = timezone.now()
    bookings = (
        ClinicBooking.objects.filter(staff=staff).select_related(
            "slot__clinic__site", "slot__coach__staff", "project"
        )
        if staff
        else ClinicBooking.objects.none()
    )
    return render(
        request,
        "capability/clinics/my_bookings.html",
        {
            "upcoming": bookings.filter(starts_at__gt=now, status=ClinicBooking.Status.BOOKED),
            "past": bookings.filter(
                Q(starts_at__lte=now) | ~Q(status=ClinicBooking.Status.BOOKED)
            ).order_by("-starts_at")[:50],
            "has_staff_record": staff is not None,
            "crumbs": _clinics_crumbs(),
        },
    )


def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, BOOK_CLINIC)
    booking = get_booking_for_owner(request, pk)
    if request.method == "POST":
        try:
            clinic_actions.cancel_booking(booking=booking, by=request.user)
        except CoachingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Booking cancelled. The slot is free for someone else.")
        if booking.staff.user_id == request.user.pk:
            return redirect("capability:my_bookings")
        return redirect(booking.slot.clinic)
    return render(
        request,
        "capability/clinics/cancel.html",
        {
            "booking": booking,
            "crumbs": _clinics_crumbs(("My bookings", reverse("capability:my_bookings"))),
        },
    )


def slot_coach(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE_CLINICS)
    slot = _slot(pk)
    form = SlotCoachForm(request.POST or None, initial={"coach": slot.coach})
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            clinic_actions.allocate_coach(
                slot=slot, coach=form.cleaned_data["coach"], by=request.user
            )
        except CoachingError as error:
            problem = str(error)
        else:
            messages.success(request, "Coach allocated.")
            return redirect(slot.clinic)
    return render(
        request,
        "capability/clinics/slot_coach.html",
        {
            "slot": slot,
            "form": form,
            "problem": problem,
            "crumbs": _clinics_crumbs((slot.clinic.title, slot.clinic.get_absolute_url())),
        },
    )


def booking_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, VIEW_CLINICS)
    booking = get_booking_for_outcome(request, pk)
    initial = {"outcome_notes": booking.outcome_notes}
    if booking.status in (ClinicBooking.Status.ATTENDED, ClinicBooking.Status.NO_SHOW):
        initial["status"] = booking.status
    form = OutcomeForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            clinic_actions.record_outcome(
                booking=booking,
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["outcome_notes"],
                by=request.user,
            )
        except CoachingError as error:
            problem = str(error)
        else:
            messages.success(request, f"Outcome recorded for {booking.staff}.")
            return redirect("capability:coach_slots")
    return render(
        request,
        "capability/clinics/outcome.html",
        {
            "booking": booking,
            "form": form,
            "problem": problem,
            "crumbs": _clinics_crumbs(("Slots I coach", reverse("capability:coach_slots"))),
        },
    )


def coach_slots(request: HttpRequest) -> HttpResponse:
    """The signed-in coach's own clinic slots: coming up, and past ones needing an outcome."""
    require(request.user, RECORD_CLINIC_OUTCOMES)
    staff = staff_member_of(request.user)
    now = timezone.now()
    slots = (
        ClinicSlot.objects.filter(coach__staff=staff)
        .select_related("clinic__site")
        .prefetch_related(
            Prefetch(
                "bookings", queryset=_active_bookings().select_related("project"), to_attr="live"
            )
        )
        if staff
        else ClinicSlot.objects.none()
    )
    upcoming = list(slots.filter(starts_at__gt=now, starts_at__lt=now + timedelta(weeks=4)))
    past = [
        s
        for s in slots.filter(starts_at__lte=now, starts_at__gt=now - timedelta(weeks=8)).order_by(
            "-starts_at"
        )
        if s.live
    ]
    for slot in [*upcoming, *past]:
        slot.booking = slot.live[0] if slot.live else None
    return render(
        request,
        "capability/clinics/coach_slots.html",
        {
            "upcoming": upcoming,
            "past": past,
            "to_record": sum(1 for s in past if s.booking.status == ClinicBooking.Status.BOOKED),
            "crumbs": _clinics_crumbs(),
        },
    )
