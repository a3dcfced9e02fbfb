"""The coach's IHI progress score for a project."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.projects.models.project import Project
from qls.projects.progress import VALUES as PROGRESS_VALUES
from qls.projects.progress import label as progress_label


class ProgressScore(models.Model):
    """One confirmation of a project's IHI progress score, dated; the newest is current.

    QLS suggests the score (``qls.projects.progress``); the coach or the
    improvement team confirms it or chooses another with a reason. Rows are
    never edited: each confirmation is a new one, so the list is the
    project's score history, kept with what QLS suggested and why.
    """

    SCALE = [(value, progress_label(value)) for value in PROGRESS_VALUES]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_scores")
    suggested = models.DecimalField(max_digits=2, decimal_places=1, choices=SCALE)
    confirmed = models.DecimalField(max_digits=2, decimal_places=1, choices=SCALE)
    suggestion_reasons = models.TextField(
        "why QLS suggested it", blank=True, max_length=LONG_TEXT_MAX
    )
    reason = models.TextField(
        "reason for a different score",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The name at the time, so the history still says who after a sign-in is removed.
    confirmed_by_name = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        get_latest_by = ["confirmed_at", "pk"]
        indexes = [models.Index(fields=["project", "-confirmed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suggested__in=PROGRESS_VALUES),
                name="%(app_label)s_%(class)s_suggested_on_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed__in=PROGRESS_VALUES),
                name="%(app_label)s_%(class)s_confirmed_on_scale",
            ),
            # Nobody overrides the suggestion without saying why.
            models.CheckConstraint(
                condition=models.Q(confirmed=models.F("suggested")) | ~models.Q(reason=""),
                name="%(app_label)s_%(class)s_override_has_reason",
            ),
            *text_limits(suggestion_reasons=LONG_TEXT_MAX, reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.confirmed} ({self.confirmed_at:%d %b %Y})"

    @property
    def is_override(self) -> bool:
        return self.confirmed != self.suggested

    @property
    def confirmed_label(self) -> str:
        return progress_label(self.confirmed)

    @property
    def suggested_label(self) -> str:
        return progress_label(self.suggested)

    @property
    def reasons_list(self) -> list[str]:
        return [line for line in self.suggestion_reasons.splitlines() if line]
