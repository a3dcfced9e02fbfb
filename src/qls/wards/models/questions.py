"""The weighted questions of an audit template section and the answer types they take."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers
from qls.wards.models.templates import AuditSection


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", "Yes or no"
    SCALE_0_4 = "scale_0_4", "Scale 0 to 4"
    PERCENT = "percent", "Percentage"


# Largest value each answer type accepts; every type starts at 0.
ANSWER_MAX = {AnswerType.YES_NO: 1, AnswerType.SCALE_0_4: 4, AnswerType.PERCENT: 100}


class AuditQuestion(models.Model):
    AnswerType = AnswerType

    section = models.ForeignKey(AuditSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300, validators=[validate_no_patient_identifiers])
    hint = models.CharField(
        max_length=300, blank=True, validators=[validate_no_patient_identifiers]
    )
    answer_type = models.CharField(max_length=20, choices=AnswerType.choices)
    weight = models.PositiveSmallIntegerField(default=1)
    evidence = models.CharField(
        "evidence to look for",
        max_length=300,
        blank=True,
        validators=[validate_no_patient_identifiers],
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="%(app_label)s_%(class)s_weight_positive"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def max_value(self) -> int:
        return ANSWER_MAX[AnswerType(self.answer_type)]
