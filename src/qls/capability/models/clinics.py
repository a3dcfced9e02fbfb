"""QI clinics: dated slots with a coach, and the bookings people hold for them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.capability.models.coaching import Coach
from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers


class Clinic(models.Model):
    """A recurring QI clinic at a site: drop-in help from coaches, booked in slots."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    class Recurrence(models.TextChoices):
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every other week"
        MONTHLY = "monthly", "First of that weekday each month"

    site = models.ForeignKey("organisation.Site", on_delete=models.PROTECT, related_name="clinics")
    title = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    slot_minutes = models.PositiveSmallIntegerField("length of each slot (minutes)", default=30)
    recurrence = models.CharField(
        max_length=12, choices=Recurrence.choices, default=Recurrence.WEEKLY
    )
    starts_on = models.DateField(
        "first clinic on or after",
        default=timezone.localdate,
        help_text="Fortnightly clinics count their weeks from here",
    )
    venue = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    online_link = models.URLField("online meeting link", blank=True)
    coaches = models.ManyToManyField(Coach, related_name="clinics", blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=[coaches])

    class Meta:
        ordering = ["site__name", "weekday", "start_time"]
        permissions = [
            ("manage_clinics", "Can set up clinics, generate slots and allocate coaches"),
            ("record_clinic_outcomes", "Can record attendance and outcomes for their clinic slots"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=10, slot_minutes__lte=240),
                name="%(app_label)s_%(class)s_slot_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.site.name})"

    def get_absolute_url(self) -> str:
        return reverse("capability:clinic", args=[self.pk])


class ClinicSlot(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=30)
    coach = models.ForeignKey(
        Coach, on_delete=models.SET_NULL, null=True, blank=True, related_name="clinic_slots"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "clinic"]
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "starts_at"], name="%(app_label)s_%(class)s_unique_start"
            )
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.clinic.title}, {local:%a %d %b %Y %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()


ACTIVE_BOOKING = ("booked", "attended", "no_show")


class ClinicBooking(models.Model):
    """One person's booking of one clinic slot.

    ``starts_at`` copies the slot's start so the database itself can refuse a
    second live booking of one slot, and a person holding two bookings that
    start at the same moment (slots do not move once booked).
    """

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "Did not attend"

    slot = models.ForeignKey(ClinicSlot, on_delete=models.PROTECT, related_name="bookings")
    staff = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="clinic_bookings"
    )
    starts_at = models.DateTimeField(editable=False)
    topic = models.CharField(
        "what you would like help with",
        max_length=300,
        validators=[validate_no_patient_identifiers],
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clinic_bookings",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    outcome_notes = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status__in=ACTIVE_BOOKING),
                name="%(app_label)s_%(class)s_one_per_slot",
            ),
            models.UniqueConstraint(
                fields=["staff", "starts_at"],
                condition=models.Q(status__in=ACTIVE_BOOKING),
                name="%(app_label)s_%(class)s_one_at_a_time",
            ),
            *text_limits(outcome_notes=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.staff} at {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_BOOKING
