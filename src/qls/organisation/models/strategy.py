"""What the trust is trying to achieve: strategic aims and quality domains."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers


class StrategicAim(models.Model):
    """One of the trust's strategic aims; every QI project links to one or more."""

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class QualityDomain(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(
        max_length=100, unique=True, validators=[validate_no_patient_identifiers]
    )
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name
