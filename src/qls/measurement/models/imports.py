"""An import of observations: its provenance, progress and outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers
from qls.measurement.models.metrics import Metric

# How an import's error starts when the metric's definition, not the file, is at fault.
DEFINITION_PROBLEM = "The metric's record-level definition needs fixing, not the file: "


class ImportKind(models.TextChoices):
    AGGREGATED = "aggregated", "Aggregated observations"
    RECORD = "record", "Record-level extract"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ImportSource(models.TextChoices):
    UPLOAD = "upload", "Upload page"
    CLI = "cli", "Command line"
    API = "api", "API"


class Import(models.Model):
    """One import of observations: its provenance, progress and outcome.

    Progress updates use ``QuerySet.update`` so they do not flood the history.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurement_imports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Last sign of life of the running job; a stale one means its worker died.",
    )
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    source = models.CharField(
        max_length=10, choices=ImportSource.choices, default=ImportSource.UPLOAD
    )
    metric = models.ForeignKey(
        Metric,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        help_text="The metric a record-level extract is aggregated for.",
    )
    file_name = models.CharField(max_length=255, validators=[validate_no_patient_identifiers])
    file_path = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where the uploaded file waits for the job; removed when it finishes.",
    )
    sha256 = models.CharField(max_length=64, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    rows_in = models.BigIntegerField(default=0)
    rows_out = models.BigIntegerField(default=0, help_text="Observations written.")
    rows_rejected = models.BigIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    rejected_rows = models.JSONField(
        default=list, blank=True, help_text='List of {"line": n, "reason": "..."}.'
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_max_100",
            )
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("measurement:import", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def is_definition_problem(self) -> bool:
        """Failed because of the metric's definition, not the file."""
        return self.error.startswith(DEFINITION_PROBLEM)
