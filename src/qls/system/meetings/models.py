"""System Quality Group meetings: members, an agenda built from the register, minutes and actions.

A meeting's agenda items each point at what brought them there: a risk due
for review or whose escalation level changed, an open action carried
forward from an earlier meeting, an organisation on the early-warning list,
or nothing (a free item the lead added).
An action stays open, and comes back on each next agenda, until someone
marks it done; who and when are kept.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers

VENUE_MAX = 300
ACTION_MAX = 500


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"

    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    starts_at = models.DateTimeField("Date and time")
    venue = models.CharField(
        "Venue or link",
        max_length=VENUE_MAX,
        help_text="A room, or the link to join online",
        validators=[validate_no_patient_identifiers],
    )
    chair = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(
        "organisation.StaffMember", related_name="quality_group_meetings"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        permissions = [("run_meeting", "Run System Quality Group meetings")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("system:meeting", args=[self.pk])


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", "Risk due for review"
        ESCALATION = "escalation", "Change of escalation level"
        ACTION = "action", "Action carried forward"
        WARNING = "warning", "Early warning sign"
        FREE = "free", "Item"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FREE)
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    risk = models.ForeignKey(
        "system.QualityRisk", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    carried_action = models.ForeignKey(
        "system.MeetingAction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_on",
    )
    # An early warning sign is about an organisation, not one risk or action.
    organisation = models.ForeignKey(
        "organisation.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    minutes = models.TextField(
        max_length=LONG_TEXT_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )
    decisions = models.TextField(
        max_length=LONG_TEXT_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [*text_limits(minutes=LONG_TEXT_MAX, decisions=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("system:meeting_item", args=[self.meeting_id, self.pk])


class MeetingAction(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(
        max_length=ACTION_MAX, validators=[validate_no_patient_identifiers]
    )
    owner = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("Due")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    def overdue(self, today: dt.date | None = None) -> bool:
        return self.status == self.Status.OPEN and self.due_on < (today or timezone.localdate())
