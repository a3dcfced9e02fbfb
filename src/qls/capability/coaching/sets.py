"""Action learning sets: scheduling meetings and taking attendance."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qls.capability.coaching.errors import SetMeetingError
from qls.capability.models import ActionLearningSet, SetAttendance, SetMeeting


def schedule_meetings(
    *, learning_set: ActionLearningSet, dates: Iterable[date], venue: str = "", by: Any = None
) -> list[SetMeeting]:
    """Add meetings on ``dates``; refuse (adding none) if any date already has one."""
    dates = sorted(dates)
    taken = sorted(learning_set.meetings.filter(date__in=dates).values_list("date", flat=True))
    if taken:
        listed = ", ".join(f"{d.day} {d:%B %Y}" for d in taken)
        raise SetMeetingError(f"{learning_set} already meets on {listed}.")
    try:
        with transaction.atomic():
            return [SetMeeting.objects.create(set=learning_set, date=d, venue=venue) for d in dates]
    except IntegrityError:
        raise SetMeetingError(
            f"{learning_set} already has a meeting on one of those dates."
        ) from None


def record_attendance(
    *, meeting: SetMeeting, present: Iterable[int], notes: str | None = None, by: Any = None
) -> None:
    """Mark every current member present or absent (``present`` holds staff ids)."""
    if meeting.date > timezone.localdate():
        raise SetMeetingError(
            "This meeting has not happened yet. Record attendance on or after the day."
        )
    present_ids = set(present)
    members = list(meeting.set.members.all())
    unknown = present_ids - {m.pk for m in members}
    if unknown:
        raise SetMeetingError("Only members of the set can be marked present.")
    with transaction.atomic():
        existing = {a.member_id: a for a in meeting.attendance.select_for_update()}
        for member in members:
            row = existing.get(member.pk)
            is_present = member.pk in present_ids
            if row is None:
                SetAttendance.objects.create(meeting=meeting, member=member, present=is_present)
            elif row.present != is_present:
                row.present = is_present
                row.save(update_fields=["present"])
        if notes is not None and notes != meeting.notes:
            meeting.notes = notes
            meeting.save(update_fields=["notes"])
