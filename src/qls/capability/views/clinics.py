"""QI clinics: the clinics at each site, their slots, bookings, coach allocation and outcomes."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.capability.access import require, staff_member_of
from qls.capability.coaching import clinics as clinic_actions
from qls.capability.coaching.access import (
    can_record_outcome,
    get_booking_for_outcome,
    get_booking_for_owner,
)
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import (
    BookingForm,
    ClinicForm,
    GenerateSlotsForm,
    OutcomeForm,
    SlotCoachForm,
)
from qls.capability.models import ACTIVE_BOOKING, Clinic, ClinicBooking, ClinicSlot
from qls.capability.permissions import (
    BOOK_CLINIC,
    MANAGE_CLINICS,
    RECORD_CLINIC_OUTCOMES,
    VIEW_CLINICS,
)
from qls.organisation.models import Site

SHOWN_WEEKS = 8


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("core:home")),
        ("Learning", reverse("capability:index")),
        *extra,
    ]


def _clinics_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return _crumbs(("QI clinics", reverse("capability:clinics")), *extra)


def _active_bookings():
    return ClinicBooking.objects.filter(status__in=ACTIVE_BOOKING).select_related("staff")


def clinics(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_CLINICS)
    now = timezone.now()
    soon = now + timedelta(weeks=SHOWN_WEEKS)
    open_counts = dict(
        ClinicSlot.objects.filter(starts_at__gt=now, starts_at__lt=soon, clinic__active=True)
        .exclude(bookings__status__in=ACTIVE_BOOKING)
        .values("clinic")
        .annotate(n=Count("pk"))
        .values_list("clinic", "n")
    )
    sites = []
    clinic_rows = (
        Clinic.objects.filter(active=True).select_related("site").prefetch_related("coaches__staff")
    )
    by_site: dict[int, list[Clinic]] = {}
    for row in clinic_rows:
        row.open_slots = open_counts.get(row.pk, 0)
        by_site.setdefault(row.site_id, []).append(row)
    for site in Site.objects.filter(pk__in=by_site):
        sites.append((site, by_site[site.pk]))
    staff = staff_member_of(request.user)
    mine = (
        ClinicBooking.objects.filter(
            staff=staff, status=ClinicBooking.Status.BOOKED, starts_at__gt=now
        ).select_related("slot__clinic__site", "slot__coach__staff")
        if staff
        else []
    )
    return render(
        request,
        "capability/clinics/list.html",
        {
            "sites": sites,
            "mine": mine,
            "closed": Clinic.objects.filter(active=False).select_related("site"),
            "can_manage": request.user.has_perm(MANAGE_CLINICS),
            "can_coach": request.user.has_perm(RECORD_CLINIC_OUTCOMES),
            "weeks": SHOWN_WEEKS,
            "crumbs": _crumbs(),
        },
    )


def clinic(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, VIEW_CLINICS)
    item = get_object_or_404(Clinic.objects.select_related("site"), pk=pk)
    now = timezone.now()
    can_manage = request.user.has_perm(MANAGE_CLINICS)
    slots = (
        item.slots.filter(starts_at__gt=now, starts_at__lt=now + timedelta(weeks=SHOWN_WEEKS))
        .select_related("coach__staff")
        .prefetch_related(Prefetch("bookings", queryset=_active_bookings(), to_attr="live"))
    )
    staff = staff_member_of(request.user)
    days: dict = {}
    for slot in slots:
        slot.booking = slot.live[0] if slot.live else None
        slot.mine = bool(slot.booking and staff and slot.booking.staff_id == staff.pk)
        days.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    recent = []
    if can_manage or request.user.has_perm(RECORD_CLINIC_OUTCOMES):
        recent = [
            slot
            for slot in item.slots.filter(
                starts_at__lte=now, starts_at__gt=now - timedelta(weeks=4)
            )
            .select_related("coach__staff")
            .prefetch_related(Prefetch("bookings", queryset=_active_bookings(), to_attr="live"))
            .order_by("-starts_at")
            if slot.live and can_record_outcome(request.user, slot)
        ]
        for slot in recent:
            slot.booking = slot.live[0]
    return render(
        request,
        "capability/clinics/clinic.html",
        {
            "clinic": item,
            "days": sorted(days.items()),
            "recent": recent,
            "can_manage": can_manage,
            "can_book": request.user.has_perm(BOOK_CLINIC) and staff is not None,
            "has_staff_record": staff is not None,
            "generate_form": GenerateSlotsForm() if can_manage else None,
            "weeks": SHOWN_WEEKS,
            "crumbs": _clinics_crumbs(),
        },
    )


def clinic_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, MANAGE_CLINICS)
    item = get_object_or_404(Clinic, pk=pk) if pk else None
    form = ClinicForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved.title} saved.")
        return redirect(saved)
    crumbs = _clinics_crumbs(*([(str(item), item.get_absolute_url())] if item else []))
    return render(
        request,
        "capability/clinics/clinic_form.html",
        {"form": form, "clinic": item, "crumbs": crumbs},
    )


@require_POST
def clinic_generate(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE_CLINICS)
    item = get_object_or_404(Clinic, pk=pk)
    form = GenerateSlotsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a number of weeks between 1 and 26.")
        return redirect(item)
    try:
        added = clinic_actions.generate_slots(clinic=item, weeks=form.cleaned_data["weeks"])
    except CoachingError as error:
        messages.error(request, str(error))
        return redirect(item)
    weeks = form.cleaned_data["weeks"]
    if added:
        messages.success(
            request, f"{added} slot{'s' if added != 1 else ''} added for the next {weeks} weeks."
        )
    else:
        messages.info(request, f"Every slot for the next {weeks} weeks was already there.")
    return redirect(item)


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
