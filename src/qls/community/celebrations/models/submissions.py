"""A project team's submission to an event."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.community.celebrations.models.abstracts import (
    ABSTRACT_MAX,
    ABSTRACT_WORDS,
    validate_abstract_words,
)
from qls.community.celebrations.models.events import AwardCategory, CelebrationEvent
from qls.core.limits import text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember
from qls.projects.models import Project


class Submission(models.Model):
    event = models.ForeignKey(
        CelebrationEvent, on_delete=models.CASCADE, related_name="submissions"
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="celebration_submissions"
    )
    abstract = models.TextField(
        max_length=ABSTRACT_MAX,
        help_text=f"Up to {ABSTRACT_WORDS} words: the problem, what you changed and what happened.",
        validators=[validate_no_patient_identifiers, validate_abstract_words],
    )
    presenter = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_presentations"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    shortlisted = models.BooleanField(default=False)
    award = models.ForeignKey(
        AwardCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="winners"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "project__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "project"], name="%(app_label)s_%(class)s_once_per_event"
            ),
            # One winner per award category.
            models.UniqueConstraint(
                fields=["award"],
                condition=models.Q(award__isnull=False),
                name="%(app_label)s_%(class)s_one_winner",
            ),
            models.CheckConstraint(
                condition=models.Q(award__isnull=True) | models.Q(shortlisted=True),
                name="%(app_label)s_%(class)s_award_needs_shortlist",
            ),
            *text_limits(abstract=ABSTRACT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.event})"

    def get_absolute_url(self) -> str:
        return reverse("community:celebrations_submission", args=[self.pk])
