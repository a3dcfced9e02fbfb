"""Issues staff raise at an engagement event, sorted into fix, improve or change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.wards.models.engagement import EngagementEvent


class Category(models.TextChoices):
    UNCATEGORISED = "uncategorised", "Not yet sorted"
    FIX = "fix", "Fix"
    IMPROVE = "improve", "Improve"
    CHANGE = "change", "Change"


class Issue(models.Model):
    """Something a member of staff raised for their ward."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward"

    Category = Category

    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="issues")
    text = models.TextField(
        "issue", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    staff_role = models.CharField(
        "your role",
        max_length=100,
        blank=True,
        help_text="Optional, e.g. bank healthcare assistant",
        validators=[validate_no_patient_identifiers],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_issues",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    category = models.CharField(
        max_length=20, choices=Category.choices, default=Category.UNCATEGORISED
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    categorised_at = models.DateTimeField(null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_issues",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["category", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(duplicate_of=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_duplicate",
            ),
            *text_limits(text=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.text[:60]
