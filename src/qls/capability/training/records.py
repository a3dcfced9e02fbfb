"""A person's training history, for My training and the staff member's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from qls.capability.models import Enrolment, Participant


@dataclass
class HistoryRow:
    enrolment: Enrolment
    attended: int
    sessions: int
    pre_answered: bool | None  # None: not sent
    post_answered: bool | None


def training_history(participant: Participant | None) -> list[HistoryRow]:
    """Every enrolment (cancelled ones included, last), newest cohort first."""
    if participant is None:
        return []
    rows = (
        Enrolment.objects.filter(participant=participant)
        .select_related("cohort__course", "cohort__site")
        .prefetch_related("survey_responses")
        .annotate(
            attended=Count("attendance", filter=Q(attendance__present=True), distinct=True),
            sessions=Count("cohort__sessions", distinct=True),
        )
        .order_by("-cohort__start_date")
    )
    out = []
    for e in rows:
        phases: dict[str, Any] = {r.phase: r.is_answered for r in e.survey_responses.all()}
        out.append(HistoryRow(e, e.attended, e.sessions, phases.get("pre"), phases.get("post")))
    out.sort(key=lambda r: r.enrolment.status == Enrolment.Status.CANCELLED)
    return out
