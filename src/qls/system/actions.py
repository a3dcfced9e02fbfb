"""Writes to the quality risk register, each in one transaction.

Views parse their forms and call these; e-mail is queued with
``transaction.on_commit`` so nothing is sent for a change that rolled back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from qls.core.screening import message_for
from qls.organisation.models import Organisation, StaffMember
from qls.system.errors import ActionStateError, ReasonRequiredError, SameLevelError
from qls.system.models import EscalationDecision, QualityRisk, RiskAction
from qls.system.scoring import Level, rating

REMINDER_DAYS = 7


def raise_risk(
    *,
    organisation: Organisation,
    title: str,
    description: str,
    owner: StaffMember,
    likelihood: int,
    consequence: int,
    review_on: dt.date,
    controls: str = "",
    metrics: Iterable[Any] = (),
    projects: Iterable[Any] = (),
    intelligence: Iterable[Any] = (),
    by: Any,
) -> QualityRisk:
    """Add a risk to the register at routine quality management."""
    rating(likelihood, consequence)  # refuses a score outside 1-5 before anything is written
    with transaction.atomic():
        risk = QualityRisk.objects.create(
            organisation=organisation,
            title=title,
            description=description,
            owner=owner,
            controls=controls,
            likelihood=likelihood,
            consequence=consequence,
            review_on=review_on,
            raised_by=by,
        )
        risk.metrics.set(metrics)
        risk.projects.set(projects)
        risk.intelligence.set(intelligence)
    return risk


def change_level(*, risk: QualityRisk, to_level: str, reason: str, by: Any) -> EscalationDecision:
    """Move a risk to another escalation level, recording who decided and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequiredError("Give the reason for changing the escalation level.")
    if problem := message_for(reason, "the reason"):
        raise ReasonRequiredError(problem)
    to_level = Level(to_level)
    with transaction.atomic():
        locked = QualityRisk.objects.select_for_update().get(pk=risk.pk)
        if locked.level == to_level:
            raise SameLevelError(f"The risk is already at {to_level.label.lower()}.")
        decision = EscalationDecision.objects.create(
            risk=locked, from_level=locked.level, to_level=to_level, reason=reason, by=by
        )
        locked.level = to_level
        locked.save(update_fields=["level", "updated_at"])
    risk.level = to_level
    return decision


def add_action(
    *, risk: QualityRisk, description: str, owner: StaffMember, due_on: dt.date
) -> RiskAction:
    with transaction.atomic():
        return RiskAction.objects.create(
            risk=risk, description=description, owner=owner, due_on=due_on
        )


def complete_action(*, action: RiskAction) -> RiskAction:
    with transaction.atomic():
        locked = RiskAction.objects.select_for_update().get(pk=action.pk)
        if locked.status == RiskAction.Status.DONE:
            raise ActionStateError("That action is already done.")
        locked.status = RiskAction.Status.DONE
        locked.done_at = timezone.now()
        locked.save(update_fields=["status", "done_at"])
    return locked


def send_risk_review_reminders(*, today: dt.date | None = None) -> int:
    """E-mail the owner of each open risk whose review falls in the coming week.

    Each review date is reminded once (``reminded_for``): running twice a
    day sends nothing new, and moving the review date earns a new reminder.
    Run daily by ``qls.system.tasks`` or ``manage.py send_risk_review_reminders``.
    """
    today = today or timezone.localdate()
    last = today + dt.timedelta(days=REMINDER_DAYS)
    sent = 0
    with transaction.atomic():
        due = list(
            QualityRisk.objects.select_for_update()
            .filter(status=QualityRisk.Status.OPEN, review_on__gt=today, review_on__lte=last)
            .exclude(owner__email="")
        )
        due = [risk for risk in due if risk.reminded_for != risk.review_on]
        for risk in due:
            risk.reminded_for = risk.review_on
            transaction.on_commit(partial(_send_reminder, risk.pk))
            sent += 1
        QualityRisk.objects.bulk_update(due, ["reminded_for"])
    return sent


def _send_reminder(risk_pk: int) -> None:
    risk = QualityRisk.objects.select_related("owner", "organisation").get(pk=risk_pk)
    body = render_to_string(
        "system/email_review_reminder.txt", {"risk": risk, "base_url": settings.QLS_BASE_URL}
    )
    subject = f"Quality risk review due {risk.review_on:%-d %B %Y}: {risk.title}"
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [risk.owner.email])


def save_risk(*, form: Any) -> QualityRisk:
    """Save an edited risk and its links together (the level changes only by a decision)."""
    with transaction.atomic():
        return form.save()
