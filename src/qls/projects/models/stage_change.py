"""The record of every move of a project between stages, and its approval."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.projects.models.project import Project
from qls.projects.models.stage import Stage


class StageChange(models.Model):
    """A move between stages: requested, then approved (or refused) where approval is needed.

    Moves that need no approval are recorded as approved at once, so the
    approved rows are the project's stage history.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            # At most one request waiting per project: a second would race the first.
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status="requested"),
                name="%(app_label)s_%(class)s_one_pending",
            ),
            *text_limits(note=LONG_TEXT_MAX, decision_note=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} → {self.to_stage} ({self.status})"
