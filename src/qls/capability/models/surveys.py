"""The pre- and post-course self-efficacy surveys, on the ``SurveyItem`` scale (0 to 10)."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.capability.models.enrolment import Enrolment
from qls.core.screening import validate_no_patient_identifiers


class SurveyItem(models.Model):
    """One statement of the self-efficacy scale, answered 0 (not at all) to 10 (completely)."""

    text = models.CharField(max_length=300, validators=[validate_no_patient_identifiers])
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    class Phase(models.TextChoices):
        PRE = "pre", "Before the course"
        POST = "post", "After the course"

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="survey_responses"
    )
    phase = models.CharField(max_length=4, choices=Phase.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Empty until answered.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "phase"], name="%(app_label)s_%(class)s_one_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.participant}: {self.get_phase_display()}"

    @property
    def is_answered(self) -> bool:
        return self.submitted_at is not None


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"], name="%(app_label)s_%(class)s_one_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=10),
                name="%(app_label)s_%(class)s_score_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"
