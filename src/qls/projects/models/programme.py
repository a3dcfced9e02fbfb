"""Improvement programmes that group projects, and the tags people search by."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers


class Programme(models.Model):
    """A group of projects run together: a QSIR cohort, a ward-programme wave, a system team.

    Other apps (capability cohorts, ward waves) create rows here, so this app
    never imports them.
    """

    class Kind(models.TextChoices):
        QSIR_COHORT = "qsir_cohort", "QSIR cohort"
        WARD_WAVE = "ward_wave", "Ward programme wave"
        SYSTEM_TEAM = "system_team", "System-wide team"
        OTHER = "other", "Other programme"

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free keyword that groups projects across sites ("falls", "discharge")."""

    name = models.CharField(
        max_length=60, unique=True, validators=[validate_no_patient_identifiers]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
