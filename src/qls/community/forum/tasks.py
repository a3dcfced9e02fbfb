"""Background jobs of the forum (imported by qls.community.tasks, which Huey finds)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qls.community.forum.notifications import send_daily_digests


@db_periodic_task(crontab(hour="7", minute="30"))
def forum_daily_digest() -> int:
    """Every morning, one email to each person on the daily digest with what happened."""
    return send_daily_digests()
