"""The list of meetings, one meeting's page, and its pack as a PDF."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qls.system.meetings import pack, queries
from qls.system.meetings import permissions as perms
from qls.system.meetings.views._common import agenda_items, get_meeting, meetings_crumbs
from qls.system.views import crumbs


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


def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_meeting(request.user, pk)
    return render(
        request,
        "system/meetings/detail.html",
        {
            "meeting": found,
            "members": list(found.members.select_related("organisation").order_by("last_name")),
            "items": agenda_items(found),
            "can_run": request.user.has_perm(perms.RUN),
            "crumbs": meetings_crumbs(),
        },
    )


def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_meeting(request.user, pk)
    response = HttpResponse(pack.render(found), content_type="application/pdf")
    name = f"quality-group-{timezone.localtime(found.starts_at):%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
