"""Background jobs of board reports (Huey): building an edition's files, and the
daily schedule that opens due drafts and reminds late owners."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from qls.reports.files import run_build
from qls.reports.models import EditionFile
from qls.reports.schedule import run_schedule


@db_task()
def build_edition_file_task(file_id: int) -> None:
    """Build a queued edition file; progress and outcome are written to its row."""
    job = EditionFile.objects.filter(pk=file_id).first()
    if job is not None:
        run_build(job)


@db_periodic_task(crontab(hour="6", minute="15"))
def open_due_reports() -> dict[str, int]:
    """Once a day (06:15 on Huey's clock): open the drafts due today, remind late owners."""
    run = run_schedule()
    return {"opened": len(run.opened), "reminded": run.reminded}
