"""A ward's staff engagement event, where issues may be raised while it is open."""

from __future__ import annotations

import secrets

from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember
from qls.wards.models.journey import WardJourney


def _new_token() -> str:
    return secrets.token_urlsafe(12)


class EngagementEvent(models.Model):
    """A ward's staff engagement event, and the window when issues may be raised."""

    journey = models.ForeignKey(WardJourney, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    date = models.DateField("date of the event")
    location = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    opens_at = models.DateTimeField("issues open from")
    closes_at = models.DateTimeField("issues close at")
    facilitator = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_events",
    )
    token = models.SlugField(max_length=32, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="%(app_label)s_%(class)s_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"Engagement event, {self.journey.ward.name}"

    def get_absolute_url(self) -> str:
        return reverse("wards:event", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("wards:submit", args=[self.token])

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "not_open"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now=None) -> bool:
        return self.state(now) == "open"
