"""The evaluation a project team writes before closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.projects.models.project import Project


class Evaluation(models.Model):
    class AimAchieved(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="evaluation")
    aim_achieved = models.CharField(
        "was the aim achieved?", max_length=10, choices=AimAchieved.choices
    )
    evidence = models.TextField(
        "evidence from the measures",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    sustainability_plan = models.TextField(
        "sustainability plan",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    spread_potential = models.TextField(
        "spread potential", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    costs_benefits = models.TextField(
        "costs and benefits", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    lessons_learned = models.TextField(
        "lessons learned", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    do_differently = models.TextField(
        "what we would do differently",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            *text_limits(
                evidence=LONG_TEXT_MAX,
                sustainability_plan=LONG_TEXT_MAX,
                spread_potential=LONG_TEXT_MAX,
                costs_benefits=LONG_TEXT_MAX,
                lessons_learned=LONG_TEXT_MAX,
                do_differently=LONG_TEXT_MAX,
            )
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.project}"
