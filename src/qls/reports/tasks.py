"""Background jobs for board reports (found by Huey's consumer)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qls.reports.schedule import run_schedule


@db_periodic_task(crontab(hour="6", minute="15"))
def open_due_reports() -> dict[str, int]:
    """Once a day (06:15 on Huey's clock): open the drafts due today, remind late owners."""
    run = run_schedule()
    return {"opened": len(run.opened), "reminded": run.reminded}
