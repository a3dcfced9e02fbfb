"""The trust and its partner organisations."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers


class Organisation(models.Model):
    class Kind(models.TextChoices):
        TRUST = "trust", "NHS trust"
        ICB = "icb", "Integrated care board"
        COUNCIL = "council", "Local authority"
        VOLUNTARY = "voluntary", "Voluntary sector"
        PRIMARY_CARE = "primary_care", "Primary care"
        OTHER = "other", "Other partner"

    code = models.CharField(max_length=20, unique=True, help_text="ODS code or a local code")
    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_host = models.BooleanField(
        default=False, help_text="The trust that runs this QLS (exactly one organisation)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_host", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_host"],
                condition=models.Q(is_host=True),
                name="%(app_label)s_%(class)s_one_host",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:organisation", args=[self.code])
