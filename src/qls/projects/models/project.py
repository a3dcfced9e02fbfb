"""The QI project: its aim, team, stage and links to strategic aims."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import (
    QualityDomain,
    Site,
    Specialty,
    StrategicAim,
    Ward,
)
from qls.projects.models.programme import Programme, Tag
from qls.projects.models.stage import Stage


class Project(models.Model):
    class Category(models.TextChoices):
        FIX = "fix", "Fix"
        IMPROVE = "improve", "Improve"
        CHANGE = "change", "Change"

    class Coproduction(models.TextChoices):
        # The ladder of engagement, lowest rung first.
        INFORMING = "informing", "Informing"
        CONSULTING = "consulting", "Consulting"
        INVOLVING = "involving", "Involving"
        COLLABORATING = "collaborating", "Collaborating"
        DEVOLVING = "devolving", "Devolving"

    class ClosureOutcome(models.TextChoices):
        SPREAD = "spread", "Spread"
        SUSTAINED = "sustained", "Sustained"
        STOPPED = "stopped", "Stopped"

    Stage = Stage

    title = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    problem = models.TextField(
        "problem statement", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    aim_statement = models.TextField(
        "aim statement",
        help_text="Specific, measurable, timed.",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    strategic_aims = models.ManyToManyField(StrategicAim, related_name="projects")
    domains = models.ManyToManyField(
        QualityDomain, related_name="projects", blank=True, verbose_name="quality domains"
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    start_date = models.DateField()
    target_date = models.DateField(null=True, blank=True)
    category = models.CharField(max_length=10, choices=Category.choices)
    coproduction_level = models.CharField(
        "co-production level", max_length=20, choices=Coproduction.choices
    )
    patient_involvement = models.TextField(
        "how patients or the public are involved",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects"
    )
    tags = models.ManyToManyField(Tag, related_name="projects", blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IDEA)
    closure_outcome = models.CharField(max_length=10, choices=ClosureOutcome.choices, blank=True)
    closure_reason = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[strategic_aims, domains, tags])

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("change_any_project", "Can edit any QI project"),
            ("view_evaluations", "Can see every project evaluation"),
        ]
        indexes = [
            models.Index(fields=["stage"]),
            models.Index(fields=["start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage="closed") | models.Q(closure_outcome=""),
                name="%(app_label)s_%(class)s_outcome_only_when_closed",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="closed") | ~models.Q(closure_outcome=""),
                name="%(app_label)s_%(class)s_closed_has_outcome",
            ),
            *text_limits(
                problem=LONG_TEXT_MAX,
                aim_statement=LONG_TEXT_MAX,
                patient_involvement=LONG_TEXT_MAX,
                closure_reason=LONG_TEXT_MAX,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED
