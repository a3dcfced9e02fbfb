"""The driver diagram: a tree of primary drivers, secondary drivers and change ideas."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers
from qls.projects.models.project import Project


class DriverNode(models.Model):
    """One box of the driver diagram; the project's aim statement is the root."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary driver"
        SECONDARY = "secondary", "Secondary driver"
        CHANGE_IDEA = "change_idea", "Change idea"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="driver_nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300, validators=[validate_no_patient_identifiers])
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="primary", parent__isnull=True)
                | models.Q(~models.Q(kind="primary"), parent__isnull=False),
                name="%(app_label)s_%(class)s_primary_at_root",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_change_idea(self) -> bool:
        return self.kind == self.Kind.CHANGE_IDEA
