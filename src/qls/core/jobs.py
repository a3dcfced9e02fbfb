"""Heartbeats for background jobs, so a job whose worker died is noticed.

A job records ``heartbeat_at`` on its row while it runs: at each step it
reports, and from a small thread every ``QLS_JOB_HEARTBEAT_SECONDS`` in
between, so one long step (DuckDB aggregating a big extract) still beats.
The thread lives in the worker process, so when the worker is killed the
beats stop with it. A periodic task then fails rows whose last beat is older
than ``QLS_JOB_STALE_MINUTES`` (see :func:`stale_before`).

Model-agnostic: any model with a ``heartbeat_at`` field can beat.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from types import TracebackType
from typing import Self

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.utils import timezone

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
