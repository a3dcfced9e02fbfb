"""How many people a month the trust aims to train, by kind of course."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.capability.models.training import Course
from qls.core.screening import validate_no_patient_identifiers


class TrainingTarget(models.Model):
    """How many people a month the trust aims to train on a kind of course, from a date.

    A target applies from its start date until the next one for the same kind;
    before the first, there is no trajectory. So a trajectory starts when the
    programme did, and raising the ambition later does not rewrite the past.
    """

    course_kind = models.CharField("course", max_length=20, choices=Course.Kind.choices)
    per_month = models.FloatField(
        "people a month", help_text="How many people a month should complete this course."
    )
    starts_on = models.DateField(
        "from", help_text="The first month the target applies to (from its 1st)."
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_no_patient_identifiers],
        help_text="Where the target comes from, for example the board paper that set it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["course_kind", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_kind", "starts_on"], name="%(app_label)s_%(class)s_one_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(per_month__gte=0), name="%(app_label)s_%(class)s_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_course_kind_display()}: {self.per_month:g} a month from {self.starts_on}"
