"""A change taken beyond the ward, to the division or the trust."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember
from qls.wards.models.issues import Issue


class Escalation(models.Model):
    """A change: beyond the ward, taken to the division or the trust ("we said, we did")."""

    class Level(models.TextChoices):
        DIVISION = "division", "Division"
        TRUST = "trust", "Trust"

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="escalation")
    level = models.CharField(max_length=10, choices=Level.choices)
    owner = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="ward_escalations"
    )
    created_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(
        "what we did",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responded_at__isnull=True) | ~models.Q(response=""),
                name="%(app_label)s_%(class)s_response_has_text",
            ),
            *text_limits(response=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"Escalated to the {self.get_level_display().lower()}: {self.issue}"
