"""Soft intelligence: what the system hears about a partner before the data shows it.

The ICS quality strategy asks partners to notice early warning signs, and
many of them are not numbers: a theme in complaints, staffing gaps, a
whistleblower, a serious incident, a regulator's finding, what patients and
the public say. Each is logged against one organisation, with how much it
weighs (1-3) for ranking the early-warning list, and a sensitivity: open to
the system (it may be named on a System Quality Group agenda) or restricted
to the organisation and the system quality lead. Who sees which entry is
decided in ``qls.system.warnings.queries``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qls.core.limits import text_limits
from qls.core.screening import validate_no_patient_identifiers

SUMMARY_MAX = 4_000
SOURCE_MAX = 300


class Kind(models.TextChoices):
    COMPLAINTS = "complaints", "Complaints theme"
    STAFFING = "staffing", "Staffing"
    WHISTLEBLOWING = "whistleblowing", "Whistleblowing"
    SERIOUS_INCIDENT = "serious_incident", "Serious incident"
    REGULATOR = "regulator", "Regulator finding"
    FEEDBACK = "feedback", "Patient and public feedback"


class Sensitivity(models.TextChoices):
    OPEN = "open", "Open to the system"
    RESTRICTED = "restricted", "Restricted to the organisation and the system quality lead"


class Weight(models.IntegerChoices):
    LOW = 1, "1, low: worth watching"
    MEDIUM = 2, "2, medium: a pattern, or more than one source"
    HIGH = 3, "3, high: harm, or a regulator or whistleblower"


class SoftIntelligence(models.Model):
    Kind = Kind
    Sensitivity = Sensitivity
    Weight = Weight

    organisation = models.ForeignKey(
        "organisation.Organisation", on_delete=models.PROTECT, related_name="soft_intelligence"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField(max_length=SUMMARY_MAX, validators=[validate_no_patient_identifiers])
    source = models.CharField(
        max_length=SOURCE_MAX,
        help_text="Where it came from: a complaints report, a staff survey, a CQC letter",
        validators=[validate_no_patient_identifiers],
    )
    received_on = models.DateField("Received")
    sensitivity = models.CharField(
        max_length=12, choices=Sensitivity.choices, default=Sensitivity.OPEN
    )
    weight = models.PositiveSmallIntegerField(choices=Weight.choices, default=Weight.MEDIUM)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = "soft intelligence entry"
        verbose_name_plural = "soft intelligence"
        permissions = [("view_early_warnings", "See the system's early-warning list")]
        indexes = [models.Index(fields=["organisation", "received_on"])]
        constraints = [
            *text_limits(summary=SUMMARY_MAX),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=3),
                name="%(app_label)s_%(class)s_weight_1_to_3",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values),
                name="%(app_label)s_%(class)s_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(sensitivity__in=Sensitivity.values),
                name="%(app_label)s_%(class)s_sensitivity_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation} ({self.received_on:%d %b %Y})"

    def get_absolute_url(self) -> str:
        return reverse("system:intelligence", args=[self.pk])

    @property
    def restricted(self) -> bool:
        return self.sensitivity == self.Sensitivity.RESTRICTED
