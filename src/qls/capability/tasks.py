"""Background jobs for the learning area (found by Huey's consumer)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qls.capability.coaching.clinics import send_clinic_reminders
from qls.capability.training.enrolment import expire_all_offers


@db_periodic_task(crontab(hour="9", minute="0"))
def clinic_reminders() -> int:
    """Once a day (09:00 on Huey's clock, UTC unless configured), remind people booked tomorrow."""
    return send_clinic_reminders()


@db_periodic_task(crontab(minute="5"))
def expire_offers() -> int:
    """Every hour: withdraw offers of a place not accepted in time; offer them on."""
    return expire_all_offers()
