"""Session registers: who was there, marked after (or on) the day.

"Mark all present" writes a present mark for everyone enrolled; the register
form then records the exceptions. A session in the future is refused: a
register records what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from qls.capability.models import Attendance, Enrolment, Session
from qls.capability.training import completion
from qls.capability.training.errors import FutureSession

ON_REGISTER = (Enrolment.Status.ENROLLED, Enrolment.Status.COMPLETED)


@dataclass
class RegisterRow:
    enrolment: Enrolment
    present: bool | None  # None: not marked yet


def register_rows(session: Session) -> list[RegisterRow]:
    enrolments = (
        session.cohort.enrolments.filter(status__in=ON_REGISTER)
        .select_related("participant__staff", "participant__organisation")
        .order_by("participant__staff__last_name", "participant__name", "pk")
    )
    marks = dict(session.attendance.values_list("enrolment_id", "present"))
    return [RegisterRow(e, marks.get(e.pk)) for e in enrolments]


def refuse_future(session: Session, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if session.date > today:
        raise FutureSession(
            f"Session {session.number} of {session.cohort.name} is on "
            f"{session.date:%d %B %Y}: attendance can be marked from that day, not before."
        )


def save_register(
    *,
    session: Session,
    present: Iterable[int],
    by: Any,
    today: dt.date | None = None,
    base_url: str = "",
) -> tuple[int, int, list[Enrolment]]:
    """Mark everyone on the register present or absent. Returns (present, absent, completed)."""
    refuse_future(session, today)
    present_ids = set(present)
    with transaction.atomic():
        rows = register_rows(session)
        existing = {a.enrolment_id: a for a in session.attendance.select_for_update()}
        new, changed = [], []
        now = timezone.now()
        for row in rows:
            is_present = row.enrolment.pk in present_ids
            mark = existing.get(row.enrolment.pk)
            if mark is None:
                new.append(
                    Attendance(
                        session=session,
                        enrolment=row.enrolment,
                        present=is_present,
                        marked_by=by,
                        marked_at=now,
                    )
                )
            elif mark.present != is_present:
                mark.present = is_present
                mark.marked_by = by
                # save() per changed mark keeps its audit history; exceptions are few.
                changed.append(mark)
        if new:
            bulk_create_with_history(new, Attendance, default_user=by)
        for mark in changed:
            mark.save(update_fields=["present", "marked_by", "marked_at"])
        # Completion follows the register both ways: a correction can withdraw one.
        done = completion.recheck_completions(session.cohort, by=by, base_url=base_url).completed
    here = sum(1 for r in rows if r.enrolment.pk in present_ids)
    return here, len(rows) - here, done


def mark_all_present(
    *, session: Session, by: Any, today: dt.date | None = None, base_url: str = ""
) -> tuple[int, int, list[Enrolment]]:
    return save_register(
        session=session,
        present=[r.enrolment.pk for r in register_rows(session)],
        by=by,
        today=today,
        base_url=base_url,
    )
