"""Taking a seat at an event, or giving it up."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from qls.community.celebrations import access, actions
from qls.community.celebrations.errors import CelebrationError
from qls.community.celebrations.models import Registration
from qls.projects.access import staff_member_of


@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    staff = staff_member_of(request.user)
    if staff is None:
        messages.error(
            request, "Your account is not linked to a staff record, so you cannot register."
        )
        return redirect(event)
    try:
        booked = actions.register(event=event, staff=staff)
    except CelebrationError as refusal:
        messages.error(request, str(refusal))
    else:
        if booked.status == Registration.Status.REGISTERED:
            messages.success(request, f"You are registered for {event.name}.")
        else:
            messages.success(
                request,
                f"{event.name} is full: all {event.capacity} seats are taken. You are on the "
                "waiting list, and get a seat if one is given up.",
            )
    return redirect(event)


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event(request.user, pk)
    try:
        actions.cancel_registration(event=event, staff=staff_member_of(request.user))
    except CelebrationError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Your registration for {event.name} is cancelled.")
    return redirect(event)
