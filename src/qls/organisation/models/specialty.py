"""A clinical specialty that wards and projects are grouped by."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers


class Specialty(models.Model):
    code = models.CharField(max_length=10, unique=True, help_text="Main specialty code")
    name = models.CharField(
        max_length=100, unique=True, validators=[validate_no_patient_identifiers]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "specialties"

    def __str__(self) -> str:
        return self.name
