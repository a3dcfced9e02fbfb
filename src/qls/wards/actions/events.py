"""Engagement events, and the issues staff raise while one is open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from qls.core.screening import screen
from qls.organisation.models import StaffMember
from qls.wards import ratelimit
from qls.wards.errors import (
    EventNotOpen,
    IssueError,
    PatientIdentifierFound,
    SubmissionLimitReached,
)
from qls.wards.models import (
    EngagementEvent,
    Issue,
    WardJourney,
)


def create_event(
    *,
    journey: WardJourney,
    date: dt.date,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    facilitator: StaffMember | None = None,
    title: str = "",
    location: str = "",
) -> EngagementEvent:
    if closes_at <= opens_at:
        raise EventNotOpen("The closing time must be after the opening time.")
    return EngagementEvent.objects.create(
        journey=journey,
        date=date,
        opens_at=opens_at,
        closes_at=closes_at,
        facilitator=facilitator,
        title=title or f"{journey.ward.name} engagement event",
        location=location,
    )


def submit_issue(
    *,
    event: EngagementEvent,
    text: str,
    staff_role: str = "",
    user=None,
    client_keys: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Issue:
    """Record an issue raised for the event's ward, by anyone, signed in or not."""
    now = now or timezone.now()
    state = event.state(now)
    if state == "closed":
        closed = timezone.localtime(event.closes_at)
        raise EventNotOpen(
            f"This event closed to new issues at {closed:%H:%M on %-d %B %Y}. "
            "Talk to your ward manager or the improvement team instead."
        )
    if state == "not_open":
        opens = timezone.localtime(event.opens_at)
        raise EventNotOpen(f"This event opens for issues at {opens:%H:%M on %-d %B %Y}.")
    text = (text or "").strip()
    if not text:
        raise IssueError("Enter the issue you want to raise.")
    problems = screen({"Issue": text, "Your role": staff_role})
    if problems:
        raise PatientIdentifierFound(" ".join(problems.values()))
    if not ratelimit.spend(client_keys):
        minutes = ratelimit.window_seconds() // 60
        raise SubmissionLimitReached(
            f"You have raised {ratelimit.limit()} issues in the last {minutes} minutes, the most "
            "this page takes from one device. Wait a few minutes, then raise the next one."
        )
    with transaction.atomic():
        issue = Issue.objects.create(
            event=event,
            text=text,
            staff_role=staff_role.strip(),
            submitted_by=user if user is not None and user.is_authenticated else None,
            submitted_at=now,
        )
    return issue
