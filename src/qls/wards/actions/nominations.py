"""Nominating staff at an event for QSIR Practitioner training."""

from __future__ import annotations

from django.db import transaction

from qls.organisation.models import StaffMember
from qls.wards.errors import (
    IssueError,
)
from qls.wards.models import (
    EngagementEvent,
    Nomination,
)


@transaction.atomic
def nominate(*, event: EngagementEvent, staff: StaffMember, by=None) -> Nomination:
    """Nominate a member of staff for QSIR Practitioner training at the event."""
    if Nomination.objects.filter(event=event, staff=staff).exists():
        raise IssueError(f"{staff.full_name} is already nominated at this event.")
    nomination = Nomination.objects.create(event=event, staff=staff, nominated_by=by)
    from qls.wards import nomination_enrolment

    nomination_enrolment.enrol_nomination(nomination)
    return nomination
