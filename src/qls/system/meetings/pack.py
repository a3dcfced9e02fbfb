"""A meeting's pack as an A4 PDF (WeasyPrint): cover, members, agenda, then each item.

Each item shows its risk's rating, escalation level and decision history,
the minutes, decisions and actions. Nothing is fetched while printing: the
fetcher is the projects' poster's, which serves inline ``data:`` URLs only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from qls.projects.poster import local_fetcher
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.meetings.queries import risk_history

TEMPLATE = "system/meetings/pack.html"


@dataclass(frozen=True)
class PackItem:
    number: int
    item: AgendaItem
    history: list[Any]
    actions: list[MeetingAction]


def content(meeting: Meeting) -> dict[str, Any]:
    items = meeting.items.select_related(
        "risk__organisation", "carried_action__owner", "organisation"
    ).prefetch_related("actions__owner", "actions__done_by")
    return {
        "meeting": meeting,
        "members": list(meeting.members.select_related("organisation").order_by("last_name")),
        "items": [
            PackItem(
                n, item, risk_history(item.risk) if item.risk else [], list(item.actions.all())
            )
            for n, item in enumerate(items, start=1)
        ],
        "printed": timezone.localtime(),
    }


def html(meeting: Meeting) -> str:
    return render_to_string(TEMPLATE, content(meeting))


def render(meeting: Meeting) -> bytes:
    from weasyprint import HTML  # lazy: heavy, and only the pack needs it

    return bytes(HTML(string=html(meeting), url_fetcher=local_fetcher()).write_pdf())
