"""Pages of System Quality Group meetings: list, meeting, agenda, an item's minutes, the pack.

A meeting is looked up among those the user may see before the action's
permission is checked, so a meeting the user may not read is "not found",
whatever their role; a member reads their meeting whatever their role.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qls.system.access import require
from qls.system.meetings import actions, pack, queries
from qls.system.meetings import permissions as perms
from qls.system.meetings.actions import MeetingError
from qls.system.meetings.forms import ActionForm, ItemForm, MeetingForm, MinutesForm
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.views import crumbs


def get_meeting(user: Any, pk: int, *, permission: str = "") -> Meeting:
    """The meeting if the user may see it (else 404), and may do ``permission`` (else 403)."""
    meeting = get_object_or_404(queries.visible_meetings(user).select_related("chair"), pk=pk)
    if permission:
        require(user, permission)
    return meeting


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Meetings", reverse("system:meetings")), *extra)


def _meeting_crumbs(meeting: Meeting) -> list[tuple[str, str]]:
    return _crumbs((str(meeting), meeting.get_absolute_url()))


def meetings(request: HttpRequest) -> HttpResponse:
    if not queries.reads_meetings(request.user):
        raise PermissionDenied
    return render(
        request,
        "system/meetings/list.html",
        {
            "meetings": list(queries.meeting_list(request.user)),
            "can_run": request.user.has_perm(perms.RUN),
            "crumbs": crumbs(),
        },
    )


def _form_page(request: HttpRequest, form: MeetingForm, heading: str, meeting=None) -> HttpResponse:
    return render(
        request,
        "system/meetings/form.html",
        {
            "form": form,
            "heading": heading,
            "meeting": meeting,
            "crumbs": _meeting_crumbs(meeting) if meeting else _crumbs(),
        },
    )


def meeting_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    require(request.user, perms.RUN)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = actions.create_meeting(
            title=data["title"], starts_at=data["starts_at"], venue=data["venue"],
            chair=data["chair"], members=data["members_text"], by=request.user,
        )  # fmt: skip
        messages.success(request, f"{meeting.title} planned.")
        return redirect(meeting)
    return _form_page(request, form, "Plan a System Quality Group meeting")


def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_meeting(request.user, pk, permission=perms.RUN)
    form = MeetingForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_meeting(form=form)
        messages.success(request, f"{saved.title} saved.")
        return redirect(saved)
    return _form_page(request, form, f"Edit {found.title}", found)


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related(
            "risk__organisation", "carried_action__owner", "organisation"
        ).prefetch_related("actions__owner", "actions__done_by")
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_meeting(request.user, pk)
    return render(
        request,
        "system/meetings/detail.html",
        {
            "meeting": found,
            "members": list(found.members.select_related("organisation").order_by("last_name")),
            "items": _items(found),
            "can_run": request.user.has_perm(perms.RUN),
            "crumbs": _crumbs(),
        },
    )


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
            "items": _items(found),
            "form": form,
            "crumbs": _meeting_crumbs(found),
        },
    )


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
            "crumbs": _meeting_crumbs(found),
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


def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_meeting(request.user, pk)
    response = HttpResponse(pack.render(found), content_type="application/pdf")
    name = f"quality-group-{timezone.localtime(found.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
