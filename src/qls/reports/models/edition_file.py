"""An edition's PDF, deck or spreadsheet, built by a background job."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from qls.core.models import FileJob, JobStatus
from qls.core.screening import validate_file_name
from qls.reports.models.edition import Edition


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    PPTX = "pptx", "PowerPoint deck"
    XLSX = "xlsx", "Excel spreadsheet"


def edition_file_path(instance: EditionFile, filename: str) -> str:
    return f"reports/editions/{instance.edition_id}/{filename}"


class EditionFile(FileJob):
    """An edition's file in one format, built by a background job and kept in storage.

    One row per edition and format: building again reuses the row. It shares
    the job fields of ``FileJob`` (status, progress as ``rows_done`` of
    ``rows_total`` steps, heartbeat, error), so the stale-job sweep and the
    progress bar work as for imports; ``file_path`` (an upload waiting for
    its job) stays empty, since here the job writes ``file`` instead.
    ``out_of_date`` is set when a draft changes after the file was built
    (see ``qls.reports.files``): such a file is never served.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=FileFormat.choices)
    file = models.FileField(
        upload_to=edition_file_path,
        max_length=300,
        blank=True,
        validators=[validate_file_name],  # named by QLS, but screened like every file name
    )
    built_at = models.DateTimeField(null=True, blank=True)
    out_of_date = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "format"], name="%(app_label)s_%(class)s_one_per_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_format_display()}"

    def get_absolute_url(self) -> str:
        return reverse("reports:file", args=[self.edition_id, self.format])

    @property
    def ready(self) -> bool:
        """Built, current, and safe to download."""
        return self.status == JobStatus.SUCCEEDED and bool(self.file) and not self.out_of_date

    def stopped_reason(self) -> str:
        where = f" after {self.rows_done} of {self.rows_total} steps" if self.rows_total else ""
        return (
            f"Building the {self.get_format_display()} stopped responding{where}, so it was "
            "stopped. No file was kept; build it again."
        )
