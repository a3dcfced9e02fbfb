"""Emails to participants: place confirmed, place offered, survey to answer.

Each is queued with ``transaction.on_commit`` so nothing is sent for an
enrolment that was rolled back. Links are absolute: the view passes its own
address (``base_url``); without one, ``QLS_BASE_URL`` from the settings.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse


def _base(base_url: str) -> str:
    return (base_url or getattr(settings, "QLS_BASE_URL", "") or "http://localhost:8000").rstrip(
        "/"
    )


def _queue(to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    if not to:
        return
    body = render_to_string(template, context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    )


def send_enrolled(enrolment: Any, *, base_url: str = "") -> None:
    participant = enrolment.participant
    _queue(
        participant.email_address,
        f"Your place on {enrolment.cohort.name}",
        "capability/email/enrolled.txt",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "sessions": list(enrolment.cohort.sessions.all()),
            "link": _base(base_url) + reverse("capability:my_training"),
        },
    )


def send_offer(enrolment: Any, *, base_url: str = "") -> None:
    _queue(
        enrolment.participant.email_address,
        f"A place has come up on {enrolment.cohort.name}",
        "capability/email/offer.txt",
        {
            "enrolment": enrolment,
            "cohort": enrolment.cohort,
            "link": _base(base_url) + reverse("capability:offer", args=[enrolment.pk]),
        },
    )


def send_survey(response: Any, *, base_url: str = "") -> None:
    enrolment = response.enrolment
    _queue(
        enrolment.participant.email_address,
        f"Your {'pre' if response.phase == 'pre' else 'post'}-course confidence survey: "
        f"{enrolment.cohort.course.name}",
        "capability/email/survey.txt",
        {
            "response": response,
            "cohort": enrolment.cohort,
            "link": _base(base_url) + reverse("capability:survey", args=[response.pk]),
        },
    )
