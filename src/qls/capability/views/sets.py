"""Action learning sets: members, facilitator, meeting schedule, attendance and linked projects."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from qls.capability.access import require, staff_member_of
from qls.capability.coaching import sets as set_actions
from qls.capability.coaching.access import can_read_set_notes, can_run_set, get_runnable_set
from qls.capability.coaching.errors import CoachingError
from qls.capability.coaching.forms import AttendanceForm, MeetingsForm, SetForm
from qls.capability.models import ActionLearningSet, SetMeeting
from qls.capability.permissions import MANAGE_SETS, VIEW_SETS
from qls.capability.views._common import crumbs


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Action learning sets", reverse("capability:sets")), *extra)


def sets(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW_SETS)
    today = timezone.localdate()
    rows = (
        ActionLearningSet.objects.select_related("facilitator", "site")
        .annotate(
            n_members=Count("members", distinct=True),
            n_projects=Count("projects", distinct=True),
        )
        .order_by("-active", "name")
    )
    staff = staff_member_of(request.user)
    mine = set()
    if staff is not None:
        mine = set(
            ActionLearningSet.objects.filter(Q(members=staff) | Q(facilitator=staff)).values_list(
                "pk", flat=True
            )
        )
    next_meetings = {}
    for meeting in SetMeeting.objects.filter(date__gte=today).order_by("-date"):
        next_meetings[meeting.set_id] = meeting.date
    for row in rows:
        row.next_meeting = next_meetings.get(row.pk)
        row.is_mine = row.pk in mine
    return render(
        request,
        "capability/sets/list.html",
        {"sets": rows, "can_manage": request.user.has_perm(MANAGE_SETS), "crumbs": crumbs()},
    )


def learning_set(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, VIEW_SETS)
    item = get_object_or_404(
        ActionLearningSet.objects.select_related("facilitator", "site").prefetch_related(
            "members", "projects"
        ),
        pk=pk,
    )
    meetings = list(item.meetings.prefetch_related("attendance"))
    for meeting in meetings:
        present = [a for a in meeting.attendance.all() if a.present]
        meeting.present_count = len(present)
        meeting.recorded = bool(meeting.attendance.all())
    can_run = can_run_set(request.user, item)
    return render(
        request,
        "capability/sets/set.html",
        {
            "set": item,
            "meetings": meetings,
            "today": timezone.localdate(),
            "can_run": can_run,
            "can_manage": request.user.has_perm(MANAGE_SETS),
            "can_read_notes": can_read_set_notes(request.user, item),
            "meetings_form": MeetingsForm() if can_run else None,
            "crumbs": _crumbs(),
        },
    )


def set_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, MANAGE_SETS)
    item = get_object_or_404(ActionLearningSet, pk=pk) if pk else None
    form = SetForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} saved.")
        return redirect(saved)
    return render(
        request,
        "capability/sets/set_form.html",
        {
            "form": form,
            "set": item,
            "crumbs": _crumbs(*([(str(item), item.get_absolute_url())] if item else [])),
        },
    )


def set_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_runnable_set(request, pk)
    form = MeetingsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        dates = [
            data["first_date"] + timedelta(weeks=data["every_weeks"] * n)
            for n in range(data["count"])
        ]
        try:
            added = set_actions.schedule_meetings(
                learning_set=item, dates=dates, venue=data["venue"], by=request.user
            )
        except CoachingError as error:
            form.add_error("first_date", str(error))
        else:
            messages.success(
                request, f"{len(added)} meeting{'s' if len(added) != 1 else ''} scheduled."
            )
            return redirect(item)
    return render(
        request,
        "capability/sets/meetings_form.html",
        {"set": item, "form": form, "crumbs": _crumbs((str(item), item.get_absolute_url()))},
    )


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance and notes for one meeting (the facilitator and set managers)."""
    found = get_object_or_404(SetMeeting.objects.select_related("set"), pk=pk)
    item = get_runnable_set(request, found.set_id)
    members = item.members.all()
    present = [a.member_id for a in found.attendance.all() if a.present]
    form = AttendanceForm(
        request.POST or None,
        members=members,
        initial={
            "present": present if found.attendance.exists() else [m.pk for m in members],
            "notes": found.notes,
        },
    )
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            set_actions.record_attendance(
                meeting=found,
                present=[m.pk for m in form.cleaned_data["present"]],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except CoachingError as error:
            problem = str(error)
        else:
            messages.success(request, f"Attendance saved for {found.date:%d %B %Y}.")
            return redirect(item)
    return render(
        request,
        "capability/sets/meeting.html",
        {
            "meeting": found,
            "set": item,
            "form": form,
            "problem": problem,
            "crumbs": _crumbs((str(item), item.get_absolute_url())),
        },
    )


__all__ = ["learning_set", "meeting", "set_edit", "set_meetings", "sets"]
