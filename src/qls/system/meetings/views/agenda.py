"""Editing a meeting's agenda."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from qls.system.meetings import actions
from qls.system.meetings import permissions as perms
from qls.system.meetings.actions import MeetingError
from qls.system.meetings.forms import ItemForm
from qls.system.meetings.models import AgendaItem
from qls.system.meetings.views._common import agenda_items, get_meeting, meeting_crumbs


def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """The agenda to edit: build it from the register, add a free item, reorder, remove."""
    found = get_meeting(request.user, pk, permission=perms.RUN)
    form = ItemForm(prefix="item")
    if request.method == "POST":
        op = request.POST.get("op", "")
        if op == "build":
            added = actions.build_agenda(meeting=found, by=request.user)
            messages.success(request, f"Agenda built: {len(added)} item(s) added.")
            return redirect("system:meeting_agenda", pk=found.pk)
        if op == "add":
            form = ItemForm(request.POST, prefix="item")
            if form.is_valid():
                actions.add_item(meeting=found, title=form.cleaned_data["title"])
                messages.success(request, "Item added to the agenda.")
                return redirect("system:meeting_agenda", pk=found.pk)
        elif op in ("up", "down", "remove"):
            chosen = request.POST.get("item", "")
            if not (chosen.isdigit() and len(chosen) < 12):
                raise Http404
            item = get_object_or_404(AgendaItem, meeting=found, pk=int(chosen))
            try:
                if op == "remove":
                    actions.remove_item(item=item)
                else:
                    actions.move_item(item=item, by=-1 if op == "up" else 1)
            except MeetingError as refused:
                messages.error(request, str(refused))
            return redirect("system:meeting_agenda", pk=found.pk)
    return render(
        request,
        "system/meetings/agenda.html",
        {
            "meeting": found,
            "items": agenda_items(found),
            "form": form,
            "crumbs": meeting_crumbs(found),
        },
    )
