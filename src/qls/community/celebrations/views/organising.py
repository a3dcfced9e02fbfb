"""Organising an event: its judging panel and its programme."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.community.celebrations import access, actions
from qls.community.celebrations.errors import CelebrationError
from qls.community.celebrations.forms import (
    JudgeForm,
    ProgrammeItemForm,
)
from qls.community.celebrations.views._common import event_crumbs


def judges(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_managed_event(request.user, pk)
    form = JudgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            judge = actions.add_judge(event=event, staff=form.cleaned_data["staff"])
        except CelebrationError as refusal:
            form.add_error("staff", str(refusal))
        else:
            messages.success(request, f"{judge.staff.full_name} is on the judging panel.")
            return redirect("community:celebrations_judges", pk=event.pk)
    return render(
        request,
        "community/celebrations/judges.html",
        {
            "event": event,
            "form": form,
            "judges": list(event.judges.select_related("staff")),
            "crumbs": event_crumbs(event, ("Judging panel", "")),
        },
    )


def programme(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_managed_event(request.user, pk)
    form = ProgrammeItemForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.add_programme_item(
                event=event,
                starts_at=data["starts_at"],
                title=data["title"],
                presenter=data["presenter"],
                submission=data["submission"],
            )
        except CelebrationError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{item.title} is on the programme.")
            return redirect("community:celebrations_programme", pk=event.pk)
    return render(
        request,
        "community/celebrations/programme.html",
        {
            "event": event,
            "form": form,
            "programme": list(event.programme.select_related("presenter", "submission")),
            "crumbs": event_crumbs(event, ("Programme", "")),
        },
    )
