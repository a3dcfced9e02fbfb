"""The day itself: seats and the waiting list, and the programme of presentations."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from qls.community.celebrations.models.events import CelebrationEvent
from qls.community.celebrations.models.submissions import Submission
from qls.core.limits import TITLE_MAX
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        WAITLISTED = "waitlisted", "On the waiting list"

    event = models.ForeignKey(
        CelebrationEvent, on_delete=models.CASCADE, related_name="registrations"
    )
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_registrations"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "staff"], name="%(app_label)s_%(class)s_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} ({self.get_status_display().lower()}, {self.event})"


class ProgrammeItem(models.Model):
    """One presentation on the day."""

    event = models.ForeignKey(CelebrationEvent, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.TimeField("time")
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    presenter = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_programme"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="programme"
    )

    class Meta:
        ordering = ["event", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"
