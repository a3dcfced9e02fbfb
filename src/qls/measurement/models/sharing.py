"""Data sharing: the signed agreements, and one organisation sharing one metric."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_file_name, validate_no_patient_identifiers
from qls.measurement.models.metrics import Metric


class DataSharingAgreement(models.Model):
    """The signed agreement under which partners share metrics with the system."""

    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    signed_on = models.DateField("Date signed")
    document = models.FileField(
        upload_to="sharing-agreements/%Y/",
        max_length=300,
        validators=[validate_file_name],
        help_text="The signed agreement (PDF or Word).",
    )
    organisations = models.ManyToManyField(
        "organisation.Organisation", related_name="sharing_agreements", blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.signed_on:%d %b %Y})"


class MetricShare(models.Model):
    """One organisation sharing its data for one metric with the whole system.

    A share is never edited away: withdrawing it records who, when and why,
    and from then on the data is hidden again (``qls.measurement.sharing``).
    Sharing the metric again is a new row.
    """

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "organisation.Organisation", on_delete=models.PROTECT, related_name="metric_shares"
    )
    agreement = models.ForeignKey(
        DataSharingAgreement, on_delete=models.PROTECT, related_name="shares"
    )
    shared_from = models.DateField("Shared since")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(
        max_length=LONG_TEXT_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )

    class Meta:
        ordering = ["metric", "organisation", "-created_at"]
        constraints = [
            *text_limits(withdrawal_reason=LONG_TEXT_MAX),
            models.UniqueConstraint(
                fields=["metric", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="%(app_label)s_%(class)s_one_active_share",
                violation_error_message="This organisation already shares this metric.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                    | (
                        models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                        & ~models.Q(withdrawal_reason="")
                    )
                ),
                name="%(app_label)s_%(class)s_withdrawal_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} shared by {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
