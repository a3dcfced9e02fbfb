"""QI clinics: the clinics at each site, a clinic's coming slots, and laying out its slots."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qls.capability.access import require, staff_member_of
from qls.capability.coaching import clinics as clinic_actions
from qls.capability.coaching.access import (
    can_record_outcome,
)
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import (
    ClinicForm,
    GenerateSlotsForm,
)
from qls.capability.models import ACTIVE_BOOKING, Clinic, ClinicBooking, ClinicSlot
from qls.capability.permissions import (
    BOOK_CLINIC,
    MANAGE_CLINICS,
    RECORD_CLINIC_OUTCOMES,
    VIEW_CLINICS,
)
from qls.capability.views._common import crumbs
from qls.organisation.models import Site

SHOWN_WEEKS = 8


def _clinics_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("QI clinics", reverse("capability:clinics")), *extra)


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
            "crumbs": crumbs(),
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
    steps = _clinics_crumbs(*([(str(item), item.get_absolute_url())] if item else []))
    return render(
        request,
        "capability/clinics/clinic_form.html",
        {"form": form, "clinic": item, "crumbs": steps},
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
