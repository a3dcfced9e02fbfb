"""A celebration event and its award categories."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import TITLE_MAX
from qls.core.screening import validate_no_patient_identifiers


class CelebrationEvent(models.Model):
    name = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    date = models.DateField()
    venue = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    capacity = models.PositiveIntegerField(help_text="Seats for people attending.")
    submissions_open = models.DateField("submissions open")
    submissions_close = models.DateField("submissions close")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="%(app_label)s_%(class)s_has_seats"
            ),
            models.CheckConstraint(
                condition=models.Q(submissions_open__lte=models.F("submissions_close")),
                name="%(app_label)s_%(class)s_window_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(submissions_close__lte=models.F("date")),
                name="%(app_label)s_%(class)s_window_before_event",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:celebrations_event", args=[self.pk])

    def is_open_for_submissions(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.submissions_open <= today <= self.submissions_close


class AwardCategory(models.Model):
    event = models.ForeignKey(CelebrationEvent, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
