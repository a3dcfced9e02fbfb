"""The judging panel and each judge's scores against the rubric."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.community.celebrations.models.events import CelebrationEvent
from qls.community.celebrations.models.rubric import RUBRIC, RUBRIC_FIELDS, SCORE_MAX, SCORE_MIN
from qls.community.celebrations.models.submissions import Submission
from qls.organisation.models import StaffMember


class Judge(models.Model):
    event = models.ForeignKey(CelebrationEvent, on_delete=models.CASCADE, related_name="judges")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_judging"
    )

    class Meta:
        ordering = ["event", "staff__last_name", "staff__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "staff"], name="%(app_label)s_%(class)s_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} (judge, {self.event})"


def _score_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )


class Score(models.Model):
    """One judge's marks for one submission, each rubric criterion 1 to 5."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    problem = _score_field(RUBRIC[0][1])
    method = _score_field(RUBRIC[1][1])
    measurement = _score_field(RUBRIC[2][1])
    impact = _score_field(RUBRIC[3][1])
    spread = _score_field(RUBRIC[4][1])
    scored_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "judge"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "judge"], name="%(app_label)s_%(class)s_once_per_judge"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": SCORE_MIN, f"{name}__lte": SCORE_MAX}),
                    name=f"%(app_label)s_%(class)s_{name}_on_scale",
                )
                for name in RUBRIC_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.judge.staff} on {self.submission}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in RUBRIC_FIELDS)
