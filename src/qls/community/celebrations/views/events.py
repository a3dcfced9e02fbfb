"""Celebration events: the list of them, creating one, and an event's page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from qls.community.celebrations import access, actions, queries
from qls.community.celebrations.errors import CelebrationError
from qls.community.celebrations.forms import (
    EventForm,
)
from qls.community.celebrations.models import CelebrationEvent, Registration
from qls.community.celebrations.permissions import VIEW
from qls.community.celebrations.views._common import celebration_crumbs
from qls.community.views import crumbs
from qls.projects.access import staff_member_of


def index(request: HttpRequest) -> HttpResponse:
    access.require(request.user, VIEW)
    today = timezone.localdate()
    events = list(CelebrationEvent.objects.all())
    return render(
        request,
        "community/celebrations/index.html",
        {
            "upcoming": sorted((e for e in events if e.date >= today), key=lambda e: e.date),
            "past": [e for e in events if e.date < today],
            "can_create": access.can_create(request.user),
            "awards": queries.recent_awards(6),
            "crumbs": crumbs(("Celebrations", "")),
        },
    )


def event_new(request: HttpRequest) -> HttpResponse:
    access.require(request.user, access.ADD)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = actions.create_event(
                **{k: data[k] for k in EventForm.Meta.fields},
                categories=data["categories"],
                by=request.user,
            )
        except CelebrationError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{event.name} is created.")
            return redirect(event)
    return render(
        request,
        "community/celebrations/event_form.html",
        {"form": form, "crumbs": celebration_crumbs(("New event", ""))},
    )


def event(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    staff = staff_member_of(request.user)
    mine = event.registrations.filter(staff=staff).first() if staff else None
    position = None
    if mine and mine.status == Registration.Status.WAITLISTED:
        position = list(actions.waiting_list(event).values_list("pk", flat=True)).index(mine.pk) + 1
    sees_scores = access.can_see_scores(request.user, event)
    return render(
        request,
        "community/celebrations/event.html",
        {
            "event": event,
            "categories": list(event.categories.all()),
            "seats_left": max(event.capacity - actions.seats_taken(event), 0),
            "waiting": actions.waiting_list(event).count(),
            "mine": mine,
            "position": position,
            "is_open": event.is_open_for_submissions(),
            "is_past": event.date < timezone.localdate(),
            "rows": queries.ranked(event),
            "sees_scores": sees_scores,
            "judge": access.judge_for(request.user, event),
            "judges": list(event.judges.select_related("staff")),
            "programme": list(event.programme.select_related("presenter", "submission")),
            "can_manage": access.can_manage(request.user),
            "crumbs": celebration_crumbs((event.name, "")),
        },
    )
