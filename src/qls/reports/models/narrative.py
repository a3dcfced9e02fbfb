"""Owners' narratives on an edition's exceptions, and the reminders sent for missing ones."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember
from qls.reports.models.edition import Edition
from qls.reports.models.edition_item import EditionItem


class Narrative(models.Model):
    """The owner's account of an exception: what, why, actions, when it improves."""

    item = models.OneToOneField(EditionItem, on_delete=models.CASCADE, related_name="narrative")
    chart_shows = models.TextField(
        "What the chart shows",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    why = models.TextField(
        "Why", blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    actions = models.TextField(
        "Actions, with dates",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    expected = models.TextField(
        "When improvement is expected",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            *text_limits(
                chart_shows=LONG_TEXT_MAX,
                why=LONG_TEXT_MAX,
                actions=LONG_TEXT_MAX,
                expected=LONG_TEXT_MAX,
            )
        ]

    def __str__(self) -> str:
        return f"Narrative: {self.item}"

    @property
    def is_complete(self) -> bool:
        """An exception's narrative answers all four questions."""
        return all(
            (v or "").strip() for v in (self.chart_shows, self.why, self.actions, self.expected)
        )


class NarrativeReminder(models.Model):
    """A reminder emailed to an owner whose narratives an edition still lacks: one each."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="reminders")
    owner = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "owner"], name="%(app_label)s_%(class)s_once_per_owner"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.owner} for {self.edition}"
