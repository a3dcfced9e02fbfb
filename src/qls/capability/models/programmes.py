"""Improvement programmes and system-wide cohorts, and the teams they split into."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.capability.models.coaching import Coach
from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers


class ImprovementProgramme(models.Model):
    """A programme wrapped around a cohort: clinicians from across sites, or a
    system-wide cohort with partners, working in teams on shared problems.

    Each has a row in the project registry's ``Programme`` so team projects
    appear there grouped together.
    """

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", "Improvement programme"
        SYSTEM_WIDE = "system_wide", "System-wide cohort"

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.IMPROVEMENT)
    cohort = models.ForeignKey(
        "Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_programmes",
    )
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    sites = models.ManyToManyField("organisation.Site", related_name="+", blank=True)
    # The programme's row in the project registry (the column keeps its first name).
    registry_programme = models.OneToOneField(
        "projects.Programme",
        db_column="programme_id",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_programme",
    )
    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        ordering = ["name"]
        permissions = [("manage_programmes", "Can run improvement programmes and their teams")]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capability:programme", args=[self.pk])


class ProgrammeTeam(models.Model):
    programme = models.ForeignKey(
        ImprovementProgramme, on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(max_length=100, validators=[validate_no_patient_identifiers])
    wicked_problem = models.TextField(
        "wicked problem",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    sro = models.ForeignKey(
        "organisation.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_sponsored",
        verbose_name="senior responsible officer",
    )
    coach = models.ForeignKey(
        Coach, on_delete=models.SET_NULL, null=True, blank=True, related_name="programme_teams"
    )
    members = models.ManyToManyField("Participant", related_name="programme_teams", blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_teams",
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            *text_limits(wicked_problem=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"
