"""PDSA cycles testing a change idea, linked into ramps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.projects.models.driver import DriverNode
from qls.projects.models.project import Project


class PDSACycle(models.Model):
    """Plan, do, study, act for one test of a change idea.

    ``previous`` links cycles into a ramp: each test builds on the one before.
    ``ended_on`` is the date of the act decision; an adopted cycle's
    ``ended_on`` is when the change was adopted, which the evidence rule uses.
    """

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    change_idea = models.ForeignKey(DriverNode, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField()
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycles"
    )
    title = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    plan_what = models.TextField(
        "what will we test", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    plan_who = models.CharField(
        "who", max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    plan_where = models.CharField(
        "where", max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    plan_when = models.CharField(
        "when", max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    prediction = models.TextField(
        "what do we predict will happen",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    do_notes = models.TextField(
        "what happened",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    study_notes = models.TextField(
        "result against the prediction",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    act_decision = models.CharField("decision", max_length=10, choices=Act.choices, blank=True)
    act_notes = models.TextField(
        "next steps",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField("decision date", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["change_idea", "number"]
        verbose_name = "PDSA cycle"
        constraints = [
            models.UniqueConstraint(
                fields=["change_idea", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(act_decision="") | models.Q(ended_on__isnull=False),
                name="%(app_label)s_%(class)s_decision_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            *text_limits(
                plan_what=LONG_TEXT_MAX,
                prediction=LONG_TEXT_MAX,
                do_notes=LONG_TEXT_MAX,
                study_notes=LONG_TEXT_MAX,
                act_notes=LONG_TEXT_MAX,
            ),
        ]

    def __str__(self) -> str:
        return f"PDSA {self.number}: {self.title or self.change_idea.text}"

    @property
    def project(self) -> Project:
        return self.change_idea.project

    @property
    def adopted(self) -> bool:
        return self.act_decision == self.Act.ADOPT
