"""Accreditation levels (bronze, silver, gold): a score held for a number of audits in a row."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers


class AccreditationLevel(models.Model):
    """A level (bronze, silver, gold): its minimum score, held for N audits in a row."""

    name = models.CharField(
        max_length=50, unique=True, validators=[validate_no_patient_identifiers]
    )
    min_score = models.FloatField("minimum score (%)")
    consecutive_audits = models.PositiveSmallIntegerField(
        default=2, help_text="Audits in a row at or above the minimum score."
    )
    order = models.PositiveSmallIntegerField(unique=True, help_text="1 is the lowest level.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_score__gte=0) & models.Q(min_score__lte=100),
                name="%(app_label)s_%(class)s_min_score_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(consecutive_audits__gte=1),
                name="%(app_label)s_%(class)s_consecutive_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------ failed standards
