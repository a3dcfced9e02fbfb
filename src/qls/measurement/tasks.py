"""Background jobs of the quality data area (Huey).

In development (DEBUG) Huey runs tasks immediately, in the request; in
production ``manage.py run_huey`` runs them in a worker process.
"""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from qls.measurement.models import Import, ImportStatus


@db_task()
def run_import_task(import_id: int) -> None:
    """Run a queued import; progress and outcome are written to the Import row."""
    from qls.measurement.importing import run_import

    imp = Import.objects.select_related("metric").filter(pk=import_id).first()
    if imp is None or imp.status != ImportStatus.QUEUED:
        return
    run_import(imp)
