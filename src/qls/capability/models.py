"""Improvement capability: QSIR courses, cohorts, self-efficacy, coaches, clinics and action learning sets.

Training: a ``Course`` (QSIR Fundamentals, QSIR Practitioner, e-learning,
leadership days) runs as ``Cohort`` rows, each with dated ``Session`` rows.
A ``Participant`` is one person taking training: a trust staff member, or a
partner organisation's person (ICB, council, voluntary sector) who is not on
the staff directory. An ``Enrolment`` is a participant's place (or place on
the waiting list) in a cohort; ``Attendance`` rows are the session registers.
``SurveyResponse``/``SurveyAnswer`` hold the pre- and post-course
self-efficacy surveys on the ``SurveyItem`` scale (0 to 10).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.organisation.models import Organisation, Site, StaffMember
from qls.projects.models import Programme

# ---------------------------------------------------------------- training


class Course(models.Model):
    class Kind(models.TextChoices):
        FUNDAMENTALS = "fundamentals", "QSIR Fundamentals"
        PRACTITIONER = "practitioner", "QSIR Practitioner"
        E_LEARNING = "e_learning", "E-learning"
        LEADERSHIP = "leadership", "Leadership days"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
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
    name = models.CharField(max_length=200)
    start_date = models.DateField()
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="cohorts"
    )
    venue = models.CharField(max_length=200, blank=True)
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
    venue = models.CharField(max_length=200, blank=True, help_text="When not the cohort's venue.")
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


class Participant(models.Model):
    """A person taking training: a trust staff member, or a partner's person.

    One model for both so registers, certificates and reports treat everyone
    alike. Staff participants take their name and email from the directory.
    """

    staff = models.OneToOneField(
        StaffMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participant",
    )
    name = models.CharField(max_length=200, blank=True, help_text="For partner participants.")
    email = models.EmailField(blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        help_text="For partner participants: the ICB, council or voluntary organisation.",
    )
    job_role = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(staff__isnull=False)
                | (~models.Q(name="") & models.Q(organisation__isnull=False)),
                name="%(app_label)s_%(class)s_staff_or_partner",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_partner(self) -> bool:
        return self.staff_id is None

    @property
    def display_name(self) -> str:
        return self.staff.full_name if self.staff_id else self.name

    @property
    def email_address(self) -> str:
        return self.staff.email if self.staff_id else self.email

    @property
    def organisation_name(self) -> str:
        if self.staff_id:
            return self.staff.organisation.name
        return self.organisation.name if self.organisation_id else ""


class Enrolment(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        NOMINATED = "nominated", "Nominated"
        WAITLISTED = "waitlisted", "On the waiting list"
        OFFERED = "offered", "Offered a place"
        ENROLLED = "enrolled", "Enrolled"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"

    class Source(models.TextChoices):
        SELF = "self", "Applied themselves"
        MANAGER = "manager", "Nominated by a manager"
        WARD_EVENT = "ward_event", "Nominated at a ward engagement event"
        IMPROVEMENT_TEAM = "improvement_team", "Added by the improvement team"

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(
        null=True, blank=True, help_text="Waiting-list order: earliest first."
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires = models.DateTimeField(null=True, blank=True)
    enrolled_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=200, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    certificate_number = models.CharField(max_length=30, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cohort", "created_at", "pk"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["completed_at"]),
        ]
        constraints = [
            # One live enrolment per person per cohort; cancelled ones may repeat.
            models.UniqueConstraint(
                fields=["cohort", "participant"],
                condition=~models.Q(status="cancelled"),
                name="%(app_label)s_%(class)s_one_active",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~models.Q(certificate_number=""),
                name="%(app_label)s_%(class)s_unique_certificate",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_at__isnull=False),
                name="%(app_label)s_%(class)s_completed_dated",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="offered") | models.Q(offer_expires__isnull=False),
                name="%(app_label)s_%(class)s_offer_expires",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort} ({self.get_status_display()})"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING


# Enrolments that take one of the cohort's places.
PLACE_HOLDING = (
    Enrolment.Status.APPLIED,
    Enrolment.Status.NOMINATED,
    Enrolment.Status.OFFERED,
    Enrolment.Status.ENROLLED,
    Enrolment.Status.COMPLETED,
)


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField()
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session", "enrolment"]
        verbose_name_plural = "attendance"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="%(app_label)s_%(class)s_unique_mark"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.participant} at {self.session}: {self.present}"


# ---------------------------------------------------------------- self-efficacy


class SurveyItem(models.Model):
    """One statement of the self-efficacy scale, answered 0 (not at all) to 10 (completely)."""

    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SurveyResponse(models.Model):
    class Phase(models.TextChoices):
        PRE = "pre", "Before the course"
        POST = "post", "After the course"

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="survey_responses"
    )
    phase = models.CharField(max_length=4, choices=Phase.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Empty until answered.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "phase"], name="%(app_label)s_%(class)s_one_per_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.participant}: {self.get_phase_display()}"

    @property
    def is_answered(self) -> bool:
        return self.submitted_at is not None


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["response", "item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "item"], name="%(app_label)s_%(class)s_one_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=10),
                name="%(app_label)s_%(class)s_score_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"
