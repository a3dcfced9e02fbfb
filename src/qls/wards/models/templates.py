"""Accreditation audit templates, versioned, and their sections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import text_limits
from qls.core.screening import validate_no_patient_identifiers

VERSION_REASON_MAX = 1_000  # why a template version was made: a paragraph


class AuditTemplate(models.Model):
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    version = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)
    reaudit_months = models.PositiveSmallIntegerField(
        "re-audit every (months)", default=3, help_text="A ward is due again this long after."
    )
    # A version made from an earlier one: what it replaced, why, when and by whom.
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_versions"
    )
    change_reason = models.TextField(
        "reason for the change",
        blank=True,
        max_length=VERSION_REASON_MAX,
        validators=[validate_no_patient_identifiers],
    )
    changed_at = models.DateTimeField("version made", null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version"]
        permissions = [
            ("manage_audit_templates", "Can manage accreditation templates and levels"),
            ("run_audits", "Can carry out ward accreditation audits"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="%(app_label)s_%(class)s_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(reaudit_months__gte=1),
                name="%(app_label)s_%(class)s_reaudit_positive",
            ),
            # A later version says why it was made.
            models.CheckConstraint(
                condition=models.Q(based_on__isnull=True) | ~models.Q(change_reason=""),
                name="%(app_label)s_%(class)s_version_has_reason",
            ),
            *text_limits(change_reason=VERSION_REASON_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("wards:audit_template", args=[self.pk])

    def in_use(self) -> bool:
        """Audits (drafts too) point at its questions, so it can no longer change in place."""
        return self.audits.exists()


class AuditSection(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    order = models.PositiveSmallIntegerField(default=0)
    # The weights of the section's questions add up to this; it is the section's
    # share of the audit score (its total over the sum of all sections' totals).
    total = models.PositiveSmallIntegerField(
        "section total",
        default=0,
        help_text="The weights of this section's questions must add up to this number.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.title
