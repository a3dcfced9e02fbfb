"""Changes taken beyond the ward to the division or trust, and what was done."""

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
    Escalation,
    Issue,
)
from qls.wards.models.issues import Category


@transaction.atomic
def escalate(*, issue: Issue, level: str, owner: StaffMember | None) -> Escalation:
    """A change beyond the ward: to the division or the trust, with a named owner."""
    _primary(issue)
    if owner is None:
        raise ActionOwnerMissing(
            "Choose who owns the escalation at the division or trust.", field="owner"
        )
    if level not in Escalation.Level.values:
        raise IssueError("Choose whether the division or the trust takes this on.", field="level")
    if hasattr(issue, "escalation"):
        raise IssueError("This issue has already been escalated.")
    if issue.category != Category.CHANGE:
        categorise_issue(issue=issue, category=Category.CHANGE)
    escalation = Escalation.objects.create(issue=issue, level=level, owner=owner)
    _set_status(issue, Issue.Status.IN_PROGRESS)
    return escalation


@transaction.atomic
def respond_to_escalation(
    *, escalation: Escalation, response: str, now: dt.datetime | None = None
) -> Escalation:
    """Record what was done ("we did"); the issue is then done."""
    response = (response or "").strip()
    if not response:
        raise IssueError("Enter what was done about the issue.", field="response")
    problems = screen({"Response": response})
    if problems:
        raise PatientIdentifierFound(" ".join(problems.values()))
    escalation.response = response
    escalation.responded_at = now or timezone.now()
    escalation.save(update_fields=["response", "responded_at"])
    _set_status(escalation.issue, Issue.Status.DONE)
    return escalation
