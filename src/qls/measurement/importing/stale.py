"""Failing imports whose worker died: "running" with no heartbeat for too long.

The observations of an import are written in one transaction at its end, so
a job killed part-way has written nothing; what is left is the Import row
saying "running" (and a page polling it) and the uploaded file on disk. The
periodic task in ``qls.measurement.tasks`` calls :func:`fail_stale_imports`.
The file cannot be run again (it is deleted, like every upload once its job
ends); the import page offers to upload it again with the same choices.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qls.core.jobs import stale_before
from qls.measurement.models import Import, ImportKind, ImportStatus

log = logging.getLogger(__name__)


STOPPED = "The import stopped responding"


def stopped_reason(imp: Import) -> str:
    step = f" ({imp.message})" if imp.message else ""
    return f"{STOPPED} at {imp.progress}%{step}, so it was stopped. Nothing from it was saved."


def was_stopped(imp: Import) -> bool:
    """Failed because its worker died, not because of the file."""
    return imp.status == ImportStatus.FAILED and imp.error.startswith(STOPPED)


def run_again_url(imp: Import) -> str:
    """The upload page with the same choices made; the file itself must be chosen again."""
    url = reverse("measurement:import_new")
    if imp.kind == ImportKind.RECORD and imp.metric is not None:
        url += "?" + urlencode({"metric": imp.metric.code})
    return url


def fail_stale_imports(now: dt.datetime | None = None) -> list[int]:
    """Mark running imports with a stale heartbeat as failed and delete their files.

    Returns the ids of the imports it failed. An import that started before
    heartbeats were recorded is judged by when it started.
    """
    now = now or timezone.now()
    cutoff = stale_before(now)
    stale = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    failed = []
    for pk in Import.objects.filter(stale, status=ImportStatus.RUNNING).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            imp = Import.objects.select_for_update().filter(stale, pk=pk).first()
            if imp is None or imp.status != ImportStatus.RUNNING:
                continue  # it beat or finished since the query above
            path = imp.file_path
            imp.status = ImportStatus.FAILED
            imp.error = stopped_reason(imp)
            imp.message = "Stopped"
            imp.finished_at = now
            imp.file_path = ""
            imp.save()  # a full save, so the outcome is in the audit history
        if path:
            Path(path).unlink(missing_ok=True)
        log.warning("Import %s stopped responding; marked failed", pk)
        failed.append(pk)
    return failed
