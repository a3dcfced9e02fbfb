"""Cross-cutting permissions that belong to no one domain model."""

from __future__ import annotations

from django.db import models


class AreaPermission(models.Model):
    """Holds the permissions for whole areas of QLS (``qls.core.permissions``); it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_audit_history", "Can see the audit history of every record"),
            ("view_board_reports", "Can see board and executive reports"),
            ("redact_text", "Can remove a patient identifier from stored text and its history"),
        ]

    def __str__(self) -> str:
        return "QLS area permission"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


STOPPED = "The import stopped responding"


class FileJob(models.Model):
    """An uploaded file worked through row by row by a background job (see qls.core.jobs).

    The file waits at ``file_path`` until the job ends, whatever the outcome,
    and is then deleted. ``problems`` holds ``{"line": n, "reason": "..."}``
    for a refused file: line numbers and what is wrong, never cell contents.
    """

    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    file_path = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where the uploaded file waits for the job; removed when it ends.",
    )
    size_bytes = models.BigIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Last sign of life of the running job; a stale one means its worker died.",
    )
    error = models.TextField(blank=True)
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def was_stopped(self) -> bool:
        """Failed because its worker died, not because of the file."""
        return self.status == JobStatus.FAILED and self.error.startswith(STOPPED)

    def stopped_reason(self) -> str:
        where = f" after {self.rows_done:,} of {self.rows_total:,} rows" if self.rows_total else ""
        step = f" ({self.message})" if self.message else ""
        return f"{STOPPED}{where}{step}, so it was stopped. Nothing from it was saved."
