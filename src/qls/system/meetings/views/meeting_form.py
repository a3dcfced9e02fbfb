"""Planning a meeting and editing it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from qls.system.access import require
from qls.system.meetings import actions
from qls.system.meetings import permissions as perms
from qls.system.meetings.forms import MeetingForm
from qls.system.meetings.views._common import get_meeting, meeting_crumbs, meetings_crumbs


def _form_page(request: HttpRequest, form: MeetingForm, heading: str, meeting=None) -> HttpResponse:
    return render(
        request,
        "system/meetings/form.html",
        {
            "form": form,
            "heading": heading,
            "meeting": meeting,
            "crumbs": meeting_crumbs(meeting) if meeting else meetings_crumbs(),
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
