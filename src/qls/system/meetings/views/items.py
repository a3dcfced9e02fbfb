"""One agenda item: its minutes, decisions and actions, and completing an action."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qls.system.access import require
from qls.system.meetings import actions, queries
from qls.system.meetings import permissions as perms
from qls.system.meetings.actions import MeetingError
from qls.system.meetings.forms import ActionForm, MinutesForm
from qls.system.meetings.models import AgendaItem, MeetingAction
from qls.system.meetings.views._common import get_meeting, meeting_crumbs


def item(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """An item's minutes and decisions, and its actions."""
    found = get_meeting(request.user, pk)
    entry = get_object_or_404(
        AgendaItem.objects.select_related("risk", "carried_action"), meeting=found, pk=item
    )
    can_run = request.user.has_perm(perms.RUN)
    minutes_form = MinutesForm(instance=entry, prefix="minutes")
    action_form = ActionForm(prefix="action")
    if request.method == "POST":
        require(request.user, perms.RUN)
        if request.POST.get("op") == "action":
            action_form = ActionForm(request.POST, prefix="action")
            if action_form.is_valid():
                data = action_form.cleaned_data
                actions.add_action(
                    item=entry, description=data["description"], owner=data["owner"],
                    due_on=data["due_on"],
                )  # fmt: skip
                messages.success(request, "Action added.")
                return redirect(entry)
        else:
            minutes_form = MinutesForm(request.POST, instance=entry, prefix="minutes")
            if minutes_form.is_valid():
                data = minutes_form.cleaned_data
                actions.record_minutes(
                    item=entry, minutes=data["minutes"], decisions=data["decisions"]
                )
                messages.success(request, "Minutes saved.")
                return redirect(entry)
    return render(
        request,
        "system/meetings/item.html",
        {
            "meeting": found,
            "item": entry,
            "actions": list(entry.actions.select_related("owner", "done_by")),
            "history": queries.risk_history(entry.risk) if entry.risk else [],
            "minutes_form": minutes_form,
            "action_form": action_form,
            "can_run": can_run,
            "crumbs": meeting_crumbs(found),
        },
    )


@require_POST
def action_done(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    found = get_meeting(request.user, pk, permission=perms.RUN)
    done = get_object_or_404(MeetingAction, item__meeting=found, pk=action)
    try:
        actions.complete_action(action=done, by=request.user)
    except MeetingError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Action done: {done.description}")
    # A carried action is closed from a later meeting's item: go back there.
    back = request.POST.get("back", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect(done.item)
