"""The record of one staff import, run as a background job."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qls.core.models import FileJob
from qls.core.screening import validate_no_patient_identifiers


class StaffImport(FileJob):
    """One staff import: which file, who, when, its progress, and what changed.

    An upload is run by a background job (see staff_jobs.run_staff_job);
    a refused file leaves a failed row with its problems by line, and no
    change to the staff directory.
    """

    filename = models.CharField(max_length=255, validators=[validate_no_patient_identifiers])
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    ignored_columns = models.JSONField(
        default=list, blank=True, help_text="Header names of columns QLS does not use."
    )

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def get_absolute_url(self) -> str:
        return reverse("organisation:staff_import_run", args=[self.pk])

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%Y-%m-%d %H:%M})"
