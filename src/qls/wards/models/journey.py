"""One ward's way through the programme's stages (diagnostic, engagement, action, sustain)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.organisation.models import StaffMember, Ward
from qls.wards.models.programme import WardProgramme, Wave


class Stage(models.TextChoices):
    PLANNED = "planned", "Planned"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    ENGAGEMENT = "engagement", "Engagement"
    ACTION = "action", "Action"
    SUSTAIN = "sustain", "Sustain"


STAGE_ORDER = [s.value for s in Stage]


class WardJourney(models.Model):
    """One ward's way through the programme."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        PAUSED = "paused", "Paused"

    Stage = Stage

    programme = models.ForeignKey(WardProgramme, on_delete=models.CASCADE, related_name="journeys")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="ward_journeys")
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="journeys")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PLANNED)
    diagnostic_on = models.DateField("diagnostic started", null=True, blank=True)
    engagement_on = models.DateField("engagement started", null=True, blank=True)
    action_on = models.DateField("action started", null=True, blank=True)
    sustain_on = models.DateField("sustain started", null=True, blank=True)
    facilitator = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_journeys",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ON_TRACK)
    history = HistoricalRecords()

    class Meta:
        ordering = ["wave__number", "ward__name"]
        constraints = [
            # A ward takes part once per programme: it cannot sit in two waves.
            models.UniqueConstraint(
                fields=["programme", "ward"], name="%(app_label)s_%(class)s_one_wave_per_ward"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ward.name}, wave {self.wave.number}"

    def get_absolute_url(self) -> str:
        return reverse("wards:journey", args=[self.pk])

    @property
    def next_stage(self) -> str | None:
        index = STAGE_ORDER.index(self.stage)
        return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None

    @property
    def next_stage_label(self) -> str:
        return Stage(self.next_stage).label if self.next_stage else ""

    def stage_started(self, stage: str):
        return getattr(self, f"{stage}_on", None)

    @property
    def current_stage_since(self):
        return self.stage_started(self.stage)
