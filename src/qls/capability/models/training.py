"""Training courses, their cohorts and the dated sessions each cohort runs.

A ``Course`` (QSIR Fundamentals, QSIR Practitioner, e-learning, leadership
days) runs as ``Cohort`` rows, each with dated ``Session`` rows.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import Site, StaffMember
from qls.projects.models import Programme


class Course(models.Model):
    class Kind(models.TextChoices):
        FUNDAMENTALS = "fundamentals", "QSIR Fundamentals"
        PRACTITIONER = "practitioner", "QSIR Practitioner"
        E_LEARNING = "e_learning", "E-learning"
        LEADERSHIP = "leadership", "Leadership days"
        # Completed online in the community's introductory e-learning, not in a session.
        QI_INTRO = "qi_intro", "QI introduction e-learning"

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    sessions_count = models.PositiveSmallIntegerField(
        "number of sessions", default=1, help_text="How many sessions each cohort has."
    )
    session_interval_days = models.PositiveSmallIntegerField(
        "days between sessions", default=7, help_text="7 for one day a week."
    )
    min_sessions_attended = models.PositiveSmallIntegerField(
        "sessions needed to complete",
        default=1,
        help_text="A participant completes after attending at least this many sessions.",
    )
    requires_project = models.BooleanField(
        "needs a registered project",
        default=False,
        help_text="Completion also needs a QI project in the registry with the participant "
        "as its lead or a team member.",
    )
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("manage_training", "Can run courses, cohorts, registers and participants"),
            ("view_training_reports", "Can see training and self-efficacy reports"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions_count__gte=1),
                name="%(app_label)s_%(class)s_has_sessions",
            ),
            models.CheckConstraint(
                condition=models.Q(min_sessions_attended__gte=1)
                & models.Q(min_sessions_attended__lte=models.F("sessions_count")),
                name="%(app_label)s_%(class)s_min_sessions_in_range",
            ),
            *text_limits(description=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capability:course", args=[self.pk])


class Cohort(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open for booking"
        CLOSED = "closed", "Booking closed"
        FINISHED = "finished", "Finished"
        CANCELLED = "cancelled", "Cancelled"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    start_date = models.DateField()
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="cohorts"
    )
    venue = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    capacity = models.PositiveSmallIntegerField(help_text="Places available.")
    facilitators = models.ManyToManyField(
        StaffMember, related_name="cohorts_facilitated", blank=True
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts",
        help_text="The project-registry programme that groups this cohort's projects.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[facilitators])

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [models.Index(fields=["start_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="%(app_label)s_%(class)s_has_places"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capability:cohort", args=[self.pk])


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    venue = models.CharField(
        max_length=200,
        blank=True,
        help_text="When not the cohort's venue.",
        validators=[validate_no_patient_identifiers],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "number"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cohort}, session {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("capability:register", args=[self.pk])

    @property
    def where(self) -> str:
        return self.venue or self.cohort.venue
