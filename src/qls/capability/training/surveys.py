"""Self-efficacy surveys: sending them and recording answers.

A ``SurveyResponse`` row is created when a survey is sent (pre: when a place
is confirmed; post: at completion) and answered once, in the app, with a
score from 0 to 10 for every active item.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from qls.capability.models import SurveyAnswer, SurveyItem, SurveyResponse
from qls.capability.training import emails
from qls.capability.training.errors import SurveyRefused

MIN_SCORE, MAX_SCORE = 0, 10


def send_survey(enrolment: Any, *, phase: str, base_url: str = "") -> SurveyResponse:
    """Create the survey for this phase (once) and email its link after commit."""
    response, created = SurveyResponse.objects.get_or_create(enrolment=enrolment, phase=phase)
    if created:
        emails.send_survey(response, base_url=base_url)
    return response


def items() -> list[SurveyItem]:
    return list(SurveyItem.objects.filter(active=True))


def submit(*, response: SurveyResponse, scores: Mapping[int, Any]) -> SurveyResponse:
    """Record one score per active item; refuse a missing, non-whole or out-of-range score.

    ``scores`` maps item id to the submitted value (an int or its text).
    Nothing is saved unless every item has a valid score.
    """
    wanted = items()
    problems = []
    clean: dict[int, int] = {}
    for number, item in enumerate(wanted, start=1):
        raw = scores.get(item.pk)
        if raw is None or raw == "":
            problems.append(f"Statement {number}: choose a score from 0 to 10.")
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            problems.append(f"Statement {number}: '{raw}' is not a whole number from 0 to 10.")
            continue
        if not MIN_SCORE <= value <= MAX_SCORE:
            problems.append(f"Statement {number}: {value} is out of range; scores run 0 to 10.")
            continue
        clean[item.pk] = value
    if problems:
        raise SurveyRefused(" ".join(problems))
    with transaction.atomic():
        response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
        if response.submitted_at is not None:
            raise SurveyRefused("This survey has already been answered; answers cannot be changed.")
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, item_id=item_id, score=score)
            for item_id, score in clean.items()
        )
        response.submitted_at = timezone.now()
        response.save(update_fields=["submitted_at"])
    return response


def pending_for(participant: Any):
    """Surveys sent to this participant and not yet answered, oldest first."""
    return (
        SurveyResponse.objects.filter(enrolment__participant=participant, submitted_at__isnull=True)
        .exclude(enrolment__status="cancelled")
        .select_related("enrolment__cohort__course")
        .order_by("sent_at")
    )
