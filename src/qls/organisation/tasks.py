"""Background jobs of the organisation area (Huey): staff imports."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from qls.organisation.models import StaffImport
from qls.organisation.staff_jobs import run_staff_job


@db_task()
def run_staff_import_task(job_id: int) -> None:
    """Run a queued staff import; progress and outcome are written to its row."""
    job = StaffImport.objects.select_related("imported_by").filter(pk=job_id).first()
    if job is not None:
        run_staff_job(job)
