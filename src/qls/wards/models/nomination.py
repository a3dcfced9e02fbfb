"""Staff nominated at an engagement event for QSIR Practitioner training."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.organisation.models import StaffMember
from qls.wards.models.engagement import EngagementEvent


class Nomination(models.Model):
    """A member of staff put forward at an event for QSIR Practitioner training."""

    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="nominations")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="ward_nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    # The place on a QSIR Practitioner cohort; empty while no cohort takes bookings.
    enrolment = models.ForeignKey(
        "capability.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_nominations",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-nominated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "staff"], name="%(app_label)s_%(class)s_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} nominated at {self.event}"
