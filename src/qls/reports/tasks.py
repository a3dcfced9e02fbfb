"""Background jobs of board reports (Huey): building an edition's files."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from qls.reports.models import EditionFile


@db_task()
def build_edition_file_task(file_id: int) -> None:
    """Build a queued edition file; progress and outcome are written to its row."""
    from qls.reports.files import run_build

    job = EditionFile.objects.filter(pk=file_id).first()
    if job is not None:
        run_build(job)
