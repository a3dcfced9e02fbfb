"""A request to recalculate a measure's control limits, and the coach's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.projects.models.measure import Measure
from qls.projects.models.pdsa import PDSACycle


class Recalculation(models.Model):
    """The limits of a project measure recalculated from a period, as its coach decided.

    After a change is adopted and the measure shows a sustained shift (the
    method's shift rule, on the improving side), QLS proposes recalculating
    the limits from the start of the shift (``qls.projects.recalculation``).
    The proposal itself is derived, not stored; a row is the coach's
    decision on it. An approved one starts a new segment of the measure's
    chart, so assurance is judged on the limits of the process as it now
    is. A refused one stays, with its reason, and is not proposed again.
    """

    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="recalculations")
    period = models.DateField(help_text="The first period of the new limits.")
    cycle = models.ForeignKey(
        PDSACycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(
        "why QLS proposed it",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    decision_reason = models.TextField(
        validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="%(app_label)s_%(class)s_unique_period"
            ),
            *text_limits(reason=LONG_TEXT_MAX, decision_reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: limits from {self.period} ({self.get_status_display().lower()})"
