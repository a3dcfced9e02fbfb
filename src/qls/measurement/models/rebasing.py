"""Rebase points: where a metric's limits are recalculated, proposed and decided."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.measurement.models.metrics import Metric


class RebasePoint(models.Model):
    """Limits are recalculated from this period, for the reason given.

    A rebase is proposed (by a data analyst) and only changes the charts once
    someone else approves it: the metric's owner. ``created_by`` is who
    proposed it; ``decided_by`` who approved or refused it, never the same
    person. A refused proposal is kept, with its reason, so the history shows
    what was asked and why it was turned down.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="rebase_points")
    period = models.DateField()
    reason = models.TextField(
        validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proposed by",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period"],
                condition=~models.Q(status="refused"),
                name="%(app_label)s_%(class)s_unique_period",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("created_by")),
                name="%(app_label)s_%(class)s_not_own_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(status="proposed", decided_at__isnull=True)
                | (~models.Q(status="proposed") & models.Q(decided_at__isnull=False)),
                name="%(app_label)s_%(class)s_decision_dated",
            ),
            *text_limits(reason=LONG_TEXT_MAX, decision_reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} rebased {self.period}"

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED
