"""Fixes: actions the ward's own staff take on an issue, with an owner and a due date."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from qls.core.screening import screen
from qls.organisation.models import StaffMember
from qls.wards.actions._common import _primary, _set_status
from qls.wards.actions.sorting import categorise_issue
from qls.wards.errors import (
    ActionOwnerMissing,
    IssueError,
    PatientIdentifierFound,
)
from qls.wards.models import (
    Action,
    Issue,
)
from qls.wards.models.issues import Category


@transaction.atomic
def create_action(
    *,
    issue: Issue,
    description: str,
    owner: StaffMember | None,
    due: dt.date | None,
    now: dt.datetime | None = None,
) -> Action:
    """A fix the ward will make: needs an owner and a due date."""
    _primary(issue)
    if owner is None:
        raise ActionOwnerMissing(
            "Choose who owns this action: a fix needs a named person to see it through.",
            field="owner",
        )
    if due is None:
        raise IssueError("Enter the date the action is due.", field="due")
    today = timezone.localdate(now) if now else timezone.localdate()
    if due < today:
        raise IssueError(
            f"The due date {due:%-d %B %Y} has passed: choose today or a later date.",
            field="due",
        )
    description = (description or "").strip() or issue.text
    problems = screen({"Action": description})
    if problems:
        raise PatientIdentifierFound(" ".join(problems.values()))
    if issue.category != Category.FIX:
        categorise_issue(issue=issue, category=Category.FIX)
    action = Action.objects.create(
        issue=issue,
        description=description,
        owner=owner,
        due=due,
        created_at=now or timezone.now(),
    )
    _set_status(issue, Issue.Status.IN_PROGRESS)
    return action


@transaction.atomic
def update_action(*, action: Action, status: str, now: dt.datetime | None = None) -> Action:
    """Move an action on; when every action of its issue is done, the issue is done."""
    if status not in Action.Status.values:
        raise IssueError(f"Choose open, in progress or done, not {status!r}.")
    action.status = status
    action.done_at = (now or timezone.now()) if status == Action.Status.DONE else None
    action.save(update_fields=["status", "done_at"])
    issue = action.issue
    if issue is None:  # raised on a failed audit standard: its history records the close
        return action
    open_left = issue.actions.exclude(status=Action.Status.DONE).exists()
    _set_status(issue, Issue.Status.IN_PROGRESS if open_left else Issue.Status.DONE)
    return action
