"""An accreditation audit of a ward and its answers, scored as a percentage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.organisation.models import StaffMember, Ward
from qls.wards.models.questions import AuditQuestion
from qls.wards.models.templates import AuditTemplate


class Audit(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="accreditation_audits")
    auditor = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="ward_audits"
    )
    date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    score = models.FloatField("score (%)", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["ward", "status", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(score__isnull=False) & models.Q(submitted_at__isnull=False)),
                name="%(app_label)s_%(class)s_submitted_scored",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | (models.Q(score__gte=0) & models.Q(score__lte=100)),
                name="%(app_label)s_%(class)s_score_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward.name} audit {self.date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("wards:audit", args=[self.pk])


class AuditAnswer(models.Model):
    """One answer; ``value`` empty means not applicable (left out of the score)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.FloatField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "question"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True)
                | (models.Q(value__gte=0) & models.Q(value__lte=100)),
                name="%(app_label)s_%(class)s_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"
