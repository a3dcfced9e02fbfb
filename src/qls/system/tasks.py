"""Background jobs for system quality oversight (found by Huey's consumer)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qls.system.actions import send_risk_review_reminders


@db_periodic_task(crontab(hour="8", minute="0"))
def risk_review_reminders() -> int:
    """Once a day: e-mail the owners of risks whose review falls in the coming week."""
    return send_risk_review_reminders()
