"""An edition's files (PDF, deck, spreadsheet): built by a background job, kept in storage.

- ``request_build`` queues a build (one row per edition and format, reused);
  a file already built and current is kept, never rebuilt for a download.
- ``run_build`` is the job: it renders through ``qls.reports.outputs``,
  reporting progress and beating (``qls.core.jobs``), and stores the bytes
  only once the whole file is made, so a failure leaves no half file.
- ``mark_out_of_date`` is called when an open draft changes (a refresh, a
  narrative, a step of the workflow): its built files are no longer served.
- ``fail_stale_builds`` is the sweep for builds whose worker died.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qls.core.jobs import Heartbeat, beat, enqueue, fail_stale
from qls.core.models import JobStatus
from qls.reports import outputs
from qls.reports.models import Edition, EditionFile

log = logging.getLogger(__name__)

# Formats built without being asked when an edition is published.
ON_PUBLISH = ("pdf", "pptx")
BUILD_TASK = "reports.edition_file"


# What the buttons call each file: "Build the PDF", "Build the deck"...
NOUNS = {"pdf": "PDF", "pptx": "deck", "xlsx": "spreadsheet"}


def rows(edition: Edition) -> list[dict[str, Any]]:
    """Each format with its file row (or None), for the edition page."""
    built = {f.format: f for f in edition.files.all()}
    return [
        {
            "fmt": fmt,
            "noun": NOUNS.get(code, fmt.label),
            "job": built.get(code),
            "filename": outputs.filename(edition, code),
        }
        for code, fmt in outputs.FORMATS.items()
    ]


def request_build(*, edition: Edition, code: str, by: Any) -> EditionFile:
    """Queue a build of ``edition``'s file in format ``code``, unless one is current or under way.

    Raises ``outputs.UnknownFormat`` for a format that does not exist.
    """
    outputs.get_format(code)
    with transaction.atomic():
        job, created = EditionFile.objects.select_for_update().get_or_create(
            edition=edition,
            format=code,
            defaults={"requested_by": by, "requested_at": timezone.now()},
        )
        if not created:
            if job.ready or job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
                return job
            job.status = JobStatus.QUEUED
            job.requested_by = by
            job.requested_at = timezone.now()
            job.error = job.message = ""
            job.rows_done = job.rows_total = 0
            job.started_at = job.finished_at = None
            job.save()
        enqueue(BUILD_TASK, job.pk)
    return job


def queue_published(edition: Edition, by: Any) -> list[EditionFile]:
    """Publishing builds the PDF and the deck, to be kept with the published edition."""
    return [request_build(edition=edition, code=code, by=by) for code in ON_PUBLISH]


def build_now(*, edition: Edition, code: str, by: Any) -> EditionFile:
    """Build in this process, without a consumer (the demo): a fresh row, run at once."""
    outputs.get_format(code)
    EditionFile.objects.filter(edition=edition, format=code).delete()
    job = EditionFile.objects.create(
        edition=edition, format=code, requested_by=by, requested_at=timezone.now()
    )
    return run_build(job)


def delete_all() -> None:
    """Every edition file and its stored bytes (the demo's reset)."""
    for job in EditionFile.objects.exclude(file=""):
        job.file.delete(save=False)
    EditionFile.objects.all().delete()


def mark_out_of_date(edition: Edition) -> int:
    """A draft changed: its built files no longer say what it says. Returns how many."""
    return (
        EditionFile.objects.filter(edition=edition)
        .exclude(out_of_date=True)
        .update(out_of_date=True)
    )


def run_build(job: EditionFile) -> EditionFile:
    """Build a queued file. Never raises: the outcome is on the returned row."""
    manager = EditionFile.objects
    started = manager.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        started_at=timezone.now(),
        message="Starting",
        out_of_date=False,  # what it reads from here on is what the file will say
        rows_done=0,
        rows_total=0,
    )
    if not started:
        return job  # built already, or swept
    job.refresh_from_db()
    edition = Edition.objects.select_related("report").get(pk=job.edition_id)
    label = outputs.get_format(job.format).label

    def progress(done: int, total: int) -> None:
        beat(EditionFile, job.pk, rows_done=done, rows_total=total, message=f"Building the {label}")

    try:
        with Heartbeat(EditionFile, job.pk):
            data = outputs.render(edition, job.format, progress)
    except Exception as error:  # a job must always end in a final state
        log.exception("Building %s of edition %s failed", job.format, edition.pk)
        reason = str(error).replace("\x00", "") or type(error).__name__
        manager.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED,
            finished_at=timezone.now(),
            message="Failed",
            error=f"The {label} could not be built: {reason}",
        )
        job.refresh_from_db()
        return job
    _store(job, edition, data)
    job.refresh_from_db()
    return job


def _store(job: EditionFile, edition: Edition, data: bytes) -> None:
    """Save the whole file, then record success; a job swept meanwhile keeps no file."""
    old = job.file.name if job.file else ""
    job.file.save(outputs.filename(edition, job.format), ContentFile(data), save=False)
    new = job.file.name or ""
    now = timezone.now()
    done = EditionFile.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.SUCCEEDED,
        file=new,
        size_bytes=len(data),
        built_at=now,
        finished_at=now,
        heartbeat_at=now,
        message="Done",
    )
    storage = job.file.storage
    if not done:
        storage.delete(new)
    elif old and old != new:
        storage.delete(old)


def fail_stale_builds(now: dt.datetime | None = None) -> list[int]:
    return fail_stale(EditionFile, lambda job: job.stopped_reason(), now)
