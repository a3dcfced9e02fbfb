"""A ward or department at a site."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models.site import Site
from qls.organisation.models.specialty import Specialty


class Ward(models.Model):
    """A ward or other unit (theatre, department, clinic) at one site."""

    class Kind(models.TextChoices):
        WARD = "ward", "Ward"
        DEPARTMENT = "department", "Department"
        CRITICAL_CARE = "critical_care", "Critical care unit"
        THEATRES = "theatres", "Theatres"
        OUTPATIENTS = "outpatients", "Outpatients"
        SUPPORT = "support", "Support service"

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="wards")
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WARD)
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, null=True, blank=True, related_name="wards"
    )
    beds = models.PositiveSmallIntegerField(null=True, blank=True)
    in_programme = models.BooleanField(
        default=False, help_text="Part of the ward improvement programme."
    )
    active = models.BooleanField(default=True)
    manager = models.ForeignKey(
        "StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_wards",
        help_text="The ward sister or charge nurse: sorts the ward's issues and follows them up.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["site__name", "name"]
        permissions = [("set_ward_manager", "Can name a ward's manager")]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="%(app_label)s_%(class)s_unique_name_per_site"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site.name})"

    def get_absolute_url(self) -> str:
        return reverse("organisation:ward", args=[self.code])
