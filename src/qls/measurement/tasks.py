"""Background jobs of the quality data area (Huey).

A consumer process (``manage.py run_huey``, which ``make demo`` starts beside
the web server) runs them, so the upload page can show an import's progress
while it runs. Only the test settings run them immediately, in the request.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from qls.measurement.models import Import, ImportStatus


@db_task()
def run_import_task(import_id: int) -> None:
    """Run a queued import; progress and outcome are written to the Import row."""
    from qls.measurement.importing import run_import

    imp = Import.objects.select_related("metric").filter(pk=import_id).first()
    if imp is None or imp.status != ImportStatus.QUEUED:
        return
    run_import(imp)


@db_periodic_task(crontab(minute="*"))
def fail_stale_imports_task() -> list[int]:
    """Every minute: fail imports whose worker stopped beating, and delete their files."""
    from qls.measurement.importing.stale import fail_stale_imports

    return fail_stale_imports()
