"""Reading meetings, and what QLS proposes for a meeting's agenda.

Tenancy is in the queries, as for risks: the System quality lead sees
every meeting; anyone sees the meetings they are a member of, and a
partner's quality lead those with an item about their organisation's risks. A meeting
outside ``visible_meetings`` is simply not found.

``agenda_candidates`` is the one place the agenda's sources are listed:
risks due for review by the meeting date, risks whose escalation level
changed since the previous meeting, open actions carried forward, and the
organisations on the early-warning list (one item each).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from qls.organisation.models import Organisation
from qls.system.meetings import permissions as perms
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction
from qls.system.models import EscalationDecision, QualityRisk
from qls.system.tenancy import organisation_of, sees_every_organisation, visible_risks
from qls.system.warnings.queries import early_warnings

# Without an earlier meeting, escalations this far back are news to the group.
FIRST_MEETING_LOOKBACK = dt.timedelta(days=90)


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    """Every meeting for the System quality lead; else those the user sits on, and for a
    partner's quality lead those with an item about their organisation's risks too."""
    meetings = Meeting.objects.all()
    reads = user.has_perm(perms.VIEW)
    if reads and sees_every_organisation(user):
        return meetings
    mine = Q(members__user=user) if user.is_authenticated else Q(pk__in=[])
    own = organisation_of(user) if reads else None
    if own is not None:
        mine |= Q(items__risk__organisation=own) | Q(items__organisation=own)
    return meetings.filter(pk__in=Meeting.objects.filter(mine).values("pk"))


def reads_meetings(user: Any) -> bool:
    """Whether the meetings list opens: the roles that read meetings, and any member."""
    return bool(user.has_perm(perms.VIEW)) or Meeting.objects.filter(members__user=user).exists()


def meeting_list(user: Any) -> QuerySet[Meeting]:
    return visible_meetings(user).select_related("chair").order_by("-starts_at", "-pk")


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )


@dataclass(frozen=True)
class Candidate:
    """Something QLS proposes for an agenda, and why."""

    kind: str
    title: str
    risk: QualityRisk | None = None
    action: MeetingAction | None = None
    organisation: Organisation | None = None  # an early warning: about a whole organisation

    @property
    def key(self) -> tuple[str, int]:
        if self.action is not None:
            return ("action", self.action.pk)
        if self.organisation is not None:
            return ("warning", self.organisation.pk)
        assert self.risk is not None
        return ("risk", self.risk.pk)


Source = Callable[[Meeting, Any], Iterable[Candidate]]


def risks_due_for_review(meeting: Meeting, viewer: Any) -> Iterable[Candidate]:
    due = visible_risks(viewer).filter(
        status=QualityRisk.Status.OPEN, review_on__lte=meeting.starts_at.date()
    )
    for risk in due.select_related("organisation").order_by("review_on", "title"):
        yield Candidate(AgendaItem.Kind.REVIEW, f"Review: {risk.title}", risk=risk)


def escalations_since_last_meeting(meeting: Meeting, viewer: Any) -> Iterable[Candidate]:
    previous = previous_meeting(meeting)
    since = previous.starts_at if previous else meeting.starts_at - FIRST_MEETING_LOOKBACK
    decisions = EscalationDecision.objects.filter(
        risk__in=visible_risks(viewer), at__gt=since, at__lte=meeting.starts_at
    )
    seen: set[int] = set()
    for decision in decisions.select_related("risk").order_by("-at"):
        if decision.risk_id in seen:
            continue
        seen.add(decision.risk_id)
        risk = decision.risk
        yield Candidate(
            AgendaItem.Kind.ESCALATION,
            f"{risk.title}: now {risk.get_level_display().lower()}",
            risk=risk,
        )


def open_actions_carried_forward(meeting: Meeting, viewer: Any) -> Iterable[Candidate]:
    del viewer  # the group's own actions: the lead who builds the agenda sees them all
    carried = MeetingAction.objects.filter(
        status=MeetingAction.Status.OPEN, item__meeting__starts_at__lt=meeting.starts_at
    ).exclude(item__meeting=meeting)
    for action in carried.select_related("owner", "item__meeting").order_by("due_on", "pk"):
        yield Candidate(AgendaItem.Kind.ACTION, f"Action: {action.description}", action=action)


# The concerns named in an early-warning item's title, heaviest first.
WARNING_CONCERNS_NAMED = 3


def early_warning_signs(meeting: Meeting, viewer: Any) -> Iterable[Candidate]:
    """Each organisation on the early-warning list as the viewer sees it in the three months
    before the meeting, heaviest first; restricted soft intelligence stays off the agenda."""
    for found in early_warnings(viewer, today=meeting.starts_at.date(), open_only=True):
        named = ", ".join(c.title for c in found.concerns[:WARNING_CONCERNS_NAMED])
        more = len(found.concerns) - WARNING_CONCERNS_NAMED
        if more > 0:
            named += f" and {more} more"
        yield Candidate(
            AgendaItem.Kind.WARNING,
            f"Early warning: {found.organisation.name}: {named}",
            organisation=found.organisation,
        )


SOURCES: tuple[Source, ...] = (
    risks_due_for_review,
    escalations_since_last_meeting,
    open_actions_carried_forward,
    early_warning_signs,
)


def agenda_candidates(meeting: Meeting, viewer: Any) -> list[Candidate]:
    """What the agenda should hold, each risk or action once, in the order of ``SOURCES``."""
    found: dict[tuple[str, int], Candidate] = {}
    for source in SOURCES:
        for candidate in source(meeting, viewer):
            found.setdefault(candidate.key, candidate)
    return list(found.values())


def risk_history(risk: QualityRisk) -> list[EscalationDecision]:
    return list(risk.decisions.select_related("by"))
