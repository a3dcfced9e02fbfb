"""Writes to System Quality Group meetings, each in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qls.organisation.models import StaffMember
from qls.system.errors import RiskError
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.meetings.queries import agenda_candidates


class MeetingError(RiskError):
    """A change to a meeting that cannot be made."""


def create_meeting(
    *,
    title: str,
    starts_at: dt.datetime,
    venue: str,
    chair: StaffMember,
    members: Iterable[StaffMember],
    by: Any,
) -> Meeting:
    """A planned meeting; the chair is always one of its members."""
    with transaction.atomic():
        meeting = Meeting.objects.create(
            title=title, starts_at=starts_at, venue=venue, chair=chair, created_by=by
        )
        meeting.members.set({chair, *members})
    return meeting


def save_meeting(*, form: Any) -> Meeting:
    with transaction.atomic():
        meeting = form.save()
        meeting.members.add(meeting.chair)
    return meeting


def _next_position(meeting: Meeting) -> int:
    top = meeting.items.aggregate(top=Max("position"))["top"]
    return 1 if top is None else top + 1


def build_agenda(*, meeting: Meeting, by: Any) -> list[AgendaItem]:
    """Add what QLS proposes and the agenda lacks; items already there stay where they are.

    The risks are those the chair sees (the System quality lead sees every
    partner's); a chair without a log-in sees what the lead building it sees.
    """
    viewer = meeting.chair.user if meeting.chair.user_id else by
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        present = {
            ("risk", r) for r in locked.items.exclude(risk=None).values_list("risk", flat=True)
        }
        present |= {
            ("action", a)
            for a in locked.items.exclude(carried_action=None).values_list(
                "carried_action", flat=True
            )
        }
        present |= {
            ("warning", o)
            for o in locked.items.filter(kind=AgendaItem.Kind.WARNING)
            .exclude(organisation=None)
            .values_list("organisation", flat=True)
        }
        position = _next_position(locked)
        added = []
        for candidate in agenda_candidates(locked, viewer):
            if candidate.key in present:
                continue
            added.append(
                AgendaItem(
                    meeting=locked,
                    position=position,
                    kind=candidate.kind,
                    title=candidate.title[:200],
                    risk=candidate.risk,
                    carried_action=candidate.action,
                    organisation=candidate.organisation,
                )
            )
            position += 1
        return AgendaItem.objects.bulk_create(added)


def add_item(*, meeting: Meeting, title: str) -> AgendaItem:
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        return AgendaItem.objects.create(
            meeting=meeting, position=_next_position(meeting), title=title
        )


def move_item(*, item: AgendaItem, by: int) -> None:
    """Move an item up (-1) or down (+1) the agenda by swapping it with its neighbour."""
    with transaction.atomic():
        Meeting.objects.select_for_update().get(pk=item.meeting_id)
        items = list(
            AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk")
        )
        index = next(i for i, it in enumerate(items) if it.pk == item.pk)
        other = index + by
        if not 0 <= other < len(items):
            raise MeetingError("That item cannot move further.")
        items[index], items[other] = items[other], items[index]
        for position, each in enumerate(items, start=1):
            each.position = position
        AgendaItem.objects.bulk_update(items, ["position"])


def remove_item(*, item: AgendaItem) -> None:
    with transaction.atomic():
        if item.actions.exists():
            raise MeetingError(f"{item.title} has actions: it stays on the agenda.")
        item.delete()


def record_minutes(*, item: AgendaItem, minutes: str, decisions: str) -> AgendaItem:
    with transaction.atomic():
        item.minutes = minutes
        item.decisions = decisions
        item.save(update_fields=["minutes", "decisions"])
    return item


def add_action(
    *, item: AgendaItem, description: str, owner: StaffMember, due_on: dt.date
) -> MeetingAction:
    if due_on < timezone.localdate():
        raise MeetingError("The due date must be today or in the future.")
    with transaction.atomic():
        return MeetingAction.objects.create(
            item=item, description=description, owner=owner, due_on=due_on
        )


def complete_action(*, action: MeetingAction, by: Any) -> MeetingAction:
    """Close an action, recording who and when; it no longer carries forward."""
    with transaction.atomic():
        locked = MeetingAction.objects.select_for_update().get(pk=action.pk)
        if locked.status == MeetingAction.Status.DONE:
            raise MeetingError("That action is already done.")
        locked.status = MeetingAction.Status.DONE
        locked.done_at = timezone.now()
        locked.done_by = by
        locked.save(update_fields=["status", "done_at", "done_by"])
    return locked
