"""A ward improvement programme and its waves: the wards of a site that start together."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import Site


class WardProgramme(models.Model):
    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    start = models.DateField("start date")
    end = models.DateField("end date")
    wards_per_site_per_wave = models.PositiveSmallIntegerField(
        default=5, help_text="How many wards each site adds in one wave."
    )
    wave_length_months = models.PositiveSmallIntegerField(
        default=3, help_text="How long one wave lasts, in months."
    )
    sites = models.ManyToManyField(Site, related_name="ward_programmes")
    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        ordering = ["-start", "name"]
        permissions = [
            ("plan_waves", "Can plan waves and move wards through the programme"),
            ("run_events", "Can run engagement events and sort the issues raised"),
            ("view_ward_dashboard", "Can see the programme dashboard and download it"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(wards_per_site_per_wave__gte=1)
                & models.Q(wave_length_months__gte=1),
                name="%(app_label)s_%(class)s_positive_wave",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Wave(models.Model):
    """One site's wave: the wards that start the programme together."""

    programme = models.ForeignKey(WardProgramme, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="ward_waves")
    start = models.DateField("start date")
    end = models.DateField("end date")
    # The wave's group in the project registry, so projects started from its
    # issues can be listed together.
    project_programme = models.OneToOneField(
        "projects.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_wave",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "site__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "site", "number"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Wave {self.number} at {self.site.name}"
