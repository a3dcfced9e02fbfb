"""Background jobs of the quality data area (Huey).

A consumer process (``manage.py run_huey``, which ``make demo`` starts beside
the web server) runs them, so the upload page can show an import's progress
while it runs. Only the test settings run them immediately, in the request.
Imports whose worker died are failed by the shared sweep in qls.core.tasks,
which runs ``importing.stale.fail_stale_imports`` (registered in apps.py).
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from qls.measurement.importing.runner import run_import
from qls.measurement.models import Import, ImportStatus


@db_task()
def run_import_task(import_id: int) -> None:
    """Run a queued import; progress and outcome are written to the Import row."""
    imp = Import.objects.select_related("metric").filter(pk=import_id).first()
    if imp is None or imp.status != ImportStatus.QUEUED:
        return
    run_import(imp)
