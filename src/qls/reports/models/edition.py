"""An edition: a report at a month's cut-off, with its data frozen when it opened."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.reports.models.report import (
    Report,
)


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETE = "complete", "Narratives complete"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Edition(models.Model):
    """A report at a month's cut-off, with its data frozen when it was opened."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="editions")
    period = models.DateField(help_text="First day of the month reported.")
    cutoff = models.DateField(help_text="Data up to and including this day are reported.")
    version = models.PositiveSmallIntegerField(default=1)
    correction_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    status = models.CharField(
        max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    snapshot_at = models.DateTimeField(null=True, blank=True)
    # The improvement and capability section counted at the cut-off
    # (``qls.reports.capability``), frozen with the SPC snapshot.
    capability = models.JSONField(null=True, blank=True, editable=False)
    narratives_due = models.DateField(
        null=True, blank=True, help_text="The day the owners' narratives are due."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by_name = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "period", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
            models.CheckConstraint(
                condition=models.Q(version=1, correction_of__isnull=True)
                | models.Q(version__gt=1, correction_of__isnull=False)
                & ~models.Q(correction_reason=""),
                name="%(app_label)s_%(class)s_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "published"])
                | models.Q(approved_at__isnull=False),
                name="%(app_label)s_%(class)s_approval_dated",
            ),
            *text_limits(correction_reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        version = f" (version {self.version})" if self.version > 1 else ""
        return f"{self.report.name}: {self.period:%B %Y}{version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:edition", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    @property
    def is_open(self) -> bool:
        """Still being written: narratives and the snapshot may change."""
        return self.status in (EditionStatus.DRAFT, EditionStatus.COMPLETE)
