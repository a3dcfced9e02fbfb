"""The meeting lookup every page starts with, the breadcrumb trails, and a meeting's agenda items.

A meeting is looked up among those the user may see before the action's
permission is checked, so a meeting the user may not read is "not found",
whatever their role; a member reads their meeting whatever their role.
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse

from qls.system.access import require
from qls.system.meetings import queries
from qls.system.meetings.models import AgendaItem, Meeting
from qls.system.views import crumbs


def get_meeting(user: Any, pk: int, *, permission: str = "") -> Meeting:
    """The meeting if the user may see it (else 404), and may do ``permission`` (else 403)."""
    meeting = get_object_or_404(queries.visible_meetings(user).select_related("chair"), pk=pk)
    if permission:
        require(user, permission)
    return meeting


def meetings_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Meetings", reverse("system:meetings")), *extra)


def meeting_crumbs(meeting: Meeting) -> list[tuple[str, str]]:
    return meetings_crumbs((str(meeting), meeting.get_absolute_url()))


def agenda_items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related(
            "risk__organisation", "carried_action__owner", "organisation"
        ).prefetch_related("actions__owner", "actions__done_by")
    )
