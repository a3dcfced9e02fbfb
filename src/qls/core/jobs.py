"""Heartbeats for background jobs, so a job whose worker died is noticed.

A job records ``heartbeat_at`` on its row while it runs: at each step it
reports, and from a small thread every ``QLS_JOB_HEARTBEAT_SECONDS`` in
between, so one long step (DuckDB aggregating a big extract) still beats.
The thread lives in the worker process, so when the worker is killed the
beats stop with it. A periodic task then fails rows whose last beat is older
than ``QLS_JOB_STALE_MINUTES`` (see :func:`stale_before`).

Model-agnostic: any model with a ``heartbeat_at`` field can beat. Models
with the fields of :class:`qls.core.models.FileJob` (status, file_path,
error, message, started_at, finished_at) can also be swept by
:func:`fail_stale`; each app registers its sweep with
:func:`register_stale_sweep`, and one periodic task (``qls.core.tasks``)
runs them all. :func:`run_file_job` runs a FileJob from start to end; the
code that creates a job queues it with :func:`enqueue`, by the name its task
was given with :func:`register_task`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Model, Q
from django.utils import timezone

from qls.core.models import FileJob, JobStatus

log = logging.getLogger(__name__)


def beat(model: type[Model], pk: int, **fields: object) -> None:
    """Record a heartbeat now, with any progress fields, without a history row."""
    model._default_manager.filter(pk=pk).update(heartbeat_at=timezone.now(), **fields)


def stale_before(now: dt.datetime | None = None) -> dt.datetime:
    """Jobs whose last heartbeat is older than this have stopped responding."""
    return (now or timezone.now()) - dt.timedelta(minutes=settings.QLS_JOB_STALE_MINUTES)


class Heartbeat:
    """Beat for ``model`` row ``pk`` from a background thread while the block runs.

    A beat that fails (the database busy with the job's own write) is
    skipped: the next one, or the job's next step, will do.
    """

    def __init__(self, model: type[Model], pk: int, every: float | None = None):
        self.model = model
        self.pk = pk
        self.every = every if every is not None else settings.QLS_JOB_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        beat(self.model, self.pk)
        if self.every > 0:
            self._thread = threading.Thread(
                target=self._run, name=f"heartbeat-{self.model.__name__}-{self.pk}", daemon=True
            )
            self._thread.start()
        return self

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    beat(self.model, self.pk)
                except Exception:  # noqa: BLE001 - see the class docstring
                    log.debug("Heartbeat for %s %s skipped", self.model.__name__, self.pk)
        finally:
            connections.close_all()  # this thread's own connections only

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


# ------------------------------------------------------------------ stale jobs

M = TypeVar("M", bound=Model)
Sweep = Callable[[dt.datetime], list[int]]
_sweeps: dict[str, Sweep] = {}


def fail_stale(
    model: type[M], reason: Callable[[M], str], now: dt.datetime | None = None
) -> list[int]:
    """Mark ``model``'s running jobs with a stale heartbeat as failed; delete their files.

    Returns the ids it failed. A job that started before heartbeats were
    recorded is judged by when it started. Each row is locked and checked
    again, so a job that beat or finished meanwhile is left alone.
    """
    now = now or timezone.now()
    cutoff = stale_before(now)
    stale = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    manager = model._default_manager
    failed = []
    for pk in manager.filter(stale, status=JobStatus.RUNNING).values_list("pk", flat=True):
        with transaction.atomic():
            job: Any = manager.select_for_update().filter(stale, pk=pk).first()
            if job is None or job.status != JobStatus.RUNNING:
                continue
            path = job.file_path
            job.status = JobStatus.FAILED
            job.error = reason(job)
            job.message = "Stopped"
            job.finished_at = now
            job.file_path = ""
            job.save()  # a full save, so the outcome is in any audit history
        if path:
            Path(path).unlink(missing_ok=True)
        log.warning("%s %s stopped responding; marked failed", model.__name__, pk)
        failed.append(pk)
    return failed


def fail_stale_file_jobs(model: type[FileJob], now: dt.datetime | None = None) -> list[int]:
    return fail_stale(model, lambda job: job.stopped_reason(), now)


def register_stale_sweep(name: str, sweep: Sweep) -> None:
    """Have the periodic task run ``sweep(now)``; apps call this from ``ready()``."""
    _sweeps[name] = sweep


def fail_stale_jobs(now: dt.datetime | None = None) -> dict[str, list[int]]:
    """Run every registered sweep: the ids each one failed, by name."""
    now = now or timezone.now()
    return {name: sweep(now) for name, sweep in sorted(_sweeps.items())}


# ------------------------------------------------------------------ queueing a job

_tasks: dict[str, Callable[[int], object]] = {}


def register_task(name: str, task: Callable[[int], object]) -> None:
    """Name the background task that runs a job; apps call this from ``ready()``.

    The code that creates a job queues it by this name with :func:`enqueue`,
    so it need not import the task module, which imports the code it runs.
    """
    _tasks[name] = task


def enqueue(name: str, pk: int) -> None:
    """Queue the job ``pk`` for the task registered as ``name`` once the transaction commits."""
    task = _tasks[name]
    transaction.on_commit(lambda: task(pk))


# ------------------------------------------------------------------ running a file job


class JobRefused(Exception):
    """The job's file was refused; ``problems`` are ``{"line", "reason"}`` without cell contents."""

    def __init__(self, message: str, problems: list[dict[str, Any]] | None = None, *, count=None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])
        self.count = len(self.problems) if count is None else count


MAX_STORED_PROBLEMS = 1000


class RowProgress:
    """Report rows done to a FileJob's row (and beat), at most every ``every`` rows."""

    def __init__(self, job: FileJob, every: int = 500):
        self.model = type(job)
        self.pk = job.pk
        self.every = every
        self._last = 0

    def start(self, total: int, message: str) -> None:
        self._last = 0
        beat(self.model, self.pk, rows_total=total, rows_done=0, message=message[:255])

    def step(self, done: int, message: str | None = None) -> None:
        if message is not None or done - self._last >= self.every:
            self._last = done
            fields: dict[str, object] = {"rows_done": done}
            if message is not None:
                fields["message"] = message[:255]
            beat(self.model, self.pk, **fields)

    def succeeded(self, message: str, **fields: object) -> None:
        """Record success; call it inside the transaction that writes the rows."""
        self.model._default_manager.filter(pk=self.pk).update(
            status=JobStatus.SUCCEEDED,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            message=message[:255],
            **fields,
        )


_Job = TypeVar("_Job", bound=FileJob)


def run_file_job(job: _Job, work: Callable[[Path, RowProgress], None]) -> _Job:
    """Run a queued job: ``work(path, progress)`` reads the file and writes everything.

    ``work`` calls ``progress.succeeded(...)`` in the transaction that writes
    its rows, so a job is never written but recorded as running. It raises
    :class:`JobRefused` for a bad file. Never raises itself: the outcome is on
    the returned row. The file is deleted whatever the outcome.
    """
    model = type(job)
    manager = model._default_manager
    if not manager.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), message="Starting"
    ):
        return job  # run already, or swept
    try:
        with Heartbeat(model, job.pk):
            try:
                work(Path(job.file_path), RowProgress(job))
            except JobRefused as error:
                _failed(job, error.message, error.problems, error.count)
            except Exception:  # a job must always end in a final state
                log.exception("%s %s failed unexpectedly", model.__name__, job.pk)
                _failed(job, "The import failed unexpectedly. Nothing from it was saved.")
            else:
                manager.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    status=JobStatus.SUCCEEDED, finished_at=timezone.now(), message="Done"
                )
    finally:
        if job.file_path:
            Path(job.file_path).unlink(missing_ok=True)
        manager.filter(pk=job.pk).update(file_path="")
    job.refresh_from_db()
    return job


def _failed(job: FileJob, message: str, problems: list[dict] | None = None, count: int = 0) -> None:
    # NUL bytes: PostgreSQL text and JSON cannot store them.
    type(job)._default_manager.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message="Failed",
        error=message.replace("\x00", ""),
        problems=[
            {"line": p.get("line"), "reason": str(p.get("reason", "")).replace("\x00", "")}
            for p in (problems or [])[:MAX_STORED_PROBLEMS]
        ],
        problem_count=count,
    )
