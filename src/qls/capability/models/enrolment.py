"""Who takes training and their places on cohorts.

A ``Participant`` is one person taking training: a trust staff member, or a
partner organisation's person (ICB, council, voluntary sector) who is not on
the staff directory. An ``Enrolment`` is a participant's place (or place on
the waiting list) in a cohort; ``Attendance`` rows are the session registers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from qls.capability.models.training import Cohort, Session
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import Organisation, StaffMember


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
    cancel_reason = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
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


# Enrolments that take one of the cohort's places. Applications and
# nominations to a cohort still being planned wait for enrolment to open.
PLACE_HOLDING = (
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
