"""Engagement events: setting one up, the public link and QR code, the facilitator's page."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qls.core.views.errors import too_many_requests
from qls.wards import nomination_enrolment, ratelimit
from qls.wards import permissions as perms
from qls.wards.access import can_sort_issues, get_event, get_journey, require
from qls.wards.actions import events, nominations
from qls.wards.errors import SubmissionLimitReached, WardsError
from qls.wards.forms.events import EventForm, IssueSubmitForm, NominationForm
from qls.wards.forms.fields import ward_people
from qls.wards.models import EngagementEvent, Issue
from qls.wards.models.issues import Category
from qls.wards.views._common import crumbs


def _event_crumbs(event: EngagementEvent) -> list[tuple[str, str]]:
    journey = event.journey
    return crumbs((journey.ward.name, journey.get_absolute_url()))


def event_new(request: HttpRequest, pk: int) -> HttpResponse:
    journey = get_journey(request.user, pk)
    require(request.user, perms.RUN_EVENTS)
    form = EventForm(request.POST or None, initial={"title": f"{journey.ward.name} staff event"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = events.create_event(
                journey=journey,
                date=data["date"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                facilitator=data["facilitator"],
                title=data["title"],
                location=data["location"],
            )
        except WardsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Event set up. Share its link or QR code with the ward.")
            return redirect(event)
    return render(
        request,
        "wards/event_form.html",
        {
            "journey": journey,
            "form": form,
            "crumbs": crumbs((journey.ward.name, journey.get_absolute_url())),
        },
    )


def event(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_event(request.user, pk)
    issues = list(
        found.issues.filter(duplicate_of__isnull=True)
        .select_related("project", "escalation")
        .prefetch_related(
            "actions__owner",
            Prefetch("duplicates", queryset=Issue.objects.order_by("submitted_at", "pk")),
        )
    )
    counts = found.issues.aggregate(
        total=Count("id"),
        duplicates=Count("id", filter=Q(duplicate_of__isnull=False)),
        **{c.value: Count("id", filter=Q(category=c.value)) for c in Category},
    )
    can_run = request.user.has_perm(perms.RUN_EVENTS)
    nominations = list(found.nominations.select_related("staff", "enrolment__cohort"))
    nomination_form = NominationForm()
    nomination_form.fields["staff"].queryset = ward_people(found.journey.ward)
    return render(
        request,
        "wards/event.html",
        {
            "event": found,
            "state": found.state(),
            "issues": issues,
            "counts": counts,
            "categories": Category.choices,
            "public_url": request.build_absolute_uri(found.get_public_url()),
            "can_run": can_run,
            "can_sort": can_sort_issues(request.user, found),
            "nominations": [(n, nomination_enrolment.nomination_status(n)) for n in nominations],
            "nomination_form": nomination_form,
            "crumbs": _event_crumbs(found),
        },
    )


def event_qr(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_event(request.user, pk)
    url = request.build_absolute_uri(found.get_public_url())
    svg = segno.make(url, error="m").svg_inline(scale=4, title=f"QR code for {found}")
    return HttpResponse(svg, content_type="image/svg+xml")


@login_not_required
def submit(request: HttpRequest, token: str) -> HttpResponse:
    """The public page staff reach by link or QR code: no sign-in needed."""
    found = get_object_or_404(
        EngagementEvent.objects.select_related("journey__ward__site"), token=token
    )
    form = IssueSubmitForm(request.POST or None)
    state = found.state()
    limited = False
    if request.method == "POST" and form.is_valid():
        try:
            events.submit_issue(
                event=found,
                text=form.cleaned_data["text"],
                staff_role=form.cleaned_data["staff_role"],
                user=request.user,
                client_keys=ratelimit.client_keys(request),
            )
        except WardsError as error:
            form.add_error("text", error.message)
            limited = isinstance(error, SubmissionLimitReached)
        else:
            request.session["wards_raised"] = request.session.get("wards_raised", 0) + 1
            messages.success(request, "Thank you: your issue has been raised with the ward team.")
            return redirect(request.path)
    context = {
        "event": found,
        "state": state,
        "form": form,
        "raised": request.session.get("wards_raised", 0),
    }
    if limited:
        # The form stays, with what they typed, above the limit's message.
        return too_many_requests(
            request, ratelimit.seconds_left(), template_name="wards/submit.html", context=context
        )
    return render(request, "wards/submit.html", context)


@require_POST
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_event(request.user, pk, run=True)
    form = NominationForm(request.POST)
    form.fields["staff"].queryset = ward_people(found.journey.ward)
    if not form.is_valid():
        messages.error(request, "Choose the member of staff to nominate.")
        return redirect(found)
    try:
        nominations.nominate(event=found, staff=form.cleaned_data["staff"], by=request.user)
    except WardsError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{form.cleaned_data['staff'].full_name} nominated for QSIR Practitioner."
        )
    return redirect(reverse("wards:event", args=[found.pk]) + "#nominations")
