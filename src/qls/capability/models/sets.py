"""Action learning sets: a facilitator, members, and the meetings they hold."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers


class ActionLearningSet(models.Model):
    """A small group meeting regularly to work through each other's improvement challenges."""

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    purpose = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    site = models.ForeignKey(
        "organisation.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    facilitator = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="sets_facilitated"
    )
    members = models.ManyToManyField(
        "organisation.StaffMember", related_name="action_learning_sets", blank=True
    )
    projects = models.ManyToManyField(
        "projects.Project", related_name="action_learning_sets", blank=True
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=[members, projects])

    class Meta:
        ordering = ["name"]
        permissions = [("manage_sets", "Can create and run any action learning set")]
        constraints = [*text_limits(purpose=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capability:set", args=[self.pk])


class SetMeeting(models.Model):
    set = models.ForeignKey(ActionLearningSet, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    venue = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    notes = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["set", "date"], name="%(app_label)s_%(class)s_one_a_day"
            ),
            *text_limits(notes=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.set}, {self.date:%d %b %Y}"


class SetAttendance(models.Model):
    meeting = models.ForeignKey(SetMeeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="set_attendance"
    )
    present = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "member__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="%(app_label)s_%(class)s_once_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} at {self.meeting}: {'present' if self.present else 'absent'}"
