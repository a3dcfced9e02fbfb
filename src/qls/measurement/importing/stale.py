"""Failing imports whose worker died: "running" with no heartbeat for too long.

The observations of an import are written in one transaction at its end, so
a job killed part-way has written nothing; what is left is the Import row
saying "running" (and a page polling it) and the uploaded file on disk. The
periodic task in ``qls.core.tasks`` calls :func:`fail_stale_imports`.
The file cannot be run again (it is deleted, like every upload once its job
ends); the import page offers to upload it again with the same choices.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse

from qls.core.jobs import fail_stale
from qls.measurement.models import Import, ImportKind, ImportStatus

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

    Returns the ids of the imports it failed (see qls.core.jobs.fail_stale).
    """
    return fail_stale(Import, stopped_reason, now)
