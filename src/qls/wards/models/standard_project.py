"""A QI project started from a standard an audit found failed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.wards.models.audit import AuditAnswer


class StandardProject(models.Model):
    """A QI project started from a standard an audit found failed."""

    audit_answer = models.OneToOneField(
        AuditAnswer, on_delete=models.CASCADE, related_name="standard_project"
    )
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="audit_standard"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project} from {self.audit_answer}"
