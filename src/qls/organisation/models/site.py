"""A site (hospital or other premises) of an organisation."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models.organisation import Organisation


class Site(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sites")
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    town = models.CharField(
        max_length=100, blank=True, validators=[validate_no_patient_identifiers]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation:site", args=[self.code])
