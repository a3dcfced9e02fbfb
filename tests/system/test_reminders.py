"""The week-before reminder to a risk's owner: sent once per review date, only for open risks.

E-mail goes through Django's locmem backend (``mail.outbox``), the one
boundary replaced in tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from qls.system.actions import send_risk_review_reminders
from qls.system.models import QualityRisk
from tests.factories.system import QualityRiskFactory

pytestmark = pytest.mark.django_db


def _in(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _send(capture) -> int:
    with capture(execute=True):
        return send_risk_review_reminders()


def test_the_owner_is_emailed_once_in_the_week_before_the_review(
    django_capture_on_commit_callbacks,
):
    risk = QualityRiskFactory(title="Falls with harm at night", review_on=_in(7))
    assert _send(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [risk.owner.email]
    assert "Falls with harm at night" in message.subject
    assert risk.get_absolute_url() in message.body
    risk.refresh_from_db()
    assert risk.reminded_for == risk.review_on
    # A second run that day (or the next) sends nothing more.
    assert _send(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_a_new_review_date_earns_a_new_reminder(django_capture_on_commit_callbacks):
    risk = QualityRiskFactory(review_on=_in(3))
    _send(django_capture_on_commit_callbacks)
    QualityRisk.objects.filter(pk=risk.pk).update(review_on=_in(5))
    assert _send(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("days", [0, -2, 8, 30])
def test_no_reminder_outside_the_coming_week(django_capture_on_commit_callbacks, days):
    QualityRiskFactory(review_on=_in(days))
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_no_reminder_for_a_closed_risk(django_capture_on_commit_callbacks):
    QualityRiskFactory(review_on=_in(2), status=QualityRisk.Status.CLOSED)
    assert _send(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_command_sends_and_says_how_many(capsys, django_capture_on_commit_callbacks):
    QualityRiskFactory(review_on=_in(1))
    QualityRiskFactory(review_on=_in(6))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_risk_review_reminders")
    assert "2 risk review reminders sent." in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_the_periodic_task_runs_the_same_job(django_capture_on_commit_callbacks):
    from qls.system.tasks import risk_review_reminders

    QualityRiskFactory(review_on=_in(4))
    with django_capture_on_commit_callbacks(execute=True):
        assert risk_review_reminders.call_local() == 1
    assert len(mail.outbox) == 1
