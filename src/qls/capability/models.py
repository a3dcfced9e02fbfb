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

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_file_name, validate_no_patient_identifiers
from qls.organisation.models import Organisation, Site, StaffMember
from qls.projects.models import Programme

# ---------------------------------------------------------------- training


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
# nominations to a cohort still being planned wait for booking to open.
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


# ---------------------------------------------------------------- self-efficacy


class SurveyItem(models.Model):
    """One statement of the self-efficacy scale, answered 0 (not at all) to 10 (completely)."""

    text = models.CharField(max_length=300, validators=[validate_no_patient_identifiers])
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


# ===========================================================================
# Coaching and mentoring, QI clinics, action learning sets and improvement
# programmes (issue 6, items 4 and 6-8). Rules across several models live in
# qls.capability.coaching_actions; the views never write these models directly.
# ===========================================================================


class CompetencyLevel(models.Model):
    """A rung on the route to improvement coach: Foundation, Practitioner, Coach, Faculty."""

    name = models.CharField(
        max_length=60, unique=True, validators=[validate_no_patient_identifiers]
    )
    order = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name


class Competency(models.Model):
    level = models.ForeignKey(
        CompetencyLevel, on_delete=models.PROTECT, related_name="competencies"
    )
    code = models.CharField(max_length=10, unique=True, help_text="For example F1 or C3")
    title = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["level__order", "code"]
        verbose_name_plural = "competencies"
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Coach(models.Model):
    """A member of staff in the coaching network, with how many projects they can coach."""

    staff = models.OneToOneField(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="coach_record"
    )
    level = models.ForeignKey(CompetencyLevel, on_delete=models.PROTECT, related_name="coaches")
    capacity = models.PositiveSmallIntegerField(
        default=3, help_text="How many projects this coach can support at once"
    )
    active = models.BooleanField(default=True)
    sites = models.ManyToManyField(
        "organisation.Site", related_name="coaches", blank=True, help_text="Where they coach"
    )
    bio = models.TextField(
        "about this coach",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        ordering = ["staff__last_name", "staff__first_name"]
        verbose_name_plural = "coaches"
        permissions = [
            ("manage_coaching", "Can manage coach records, mentor pairings and coach assignments"),
        ]
        constraints = [*text_limits(bio=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return str(self.staff)

    def get_absolute_url(self) -> str:
        return reverse("capability:coach", args=[self.pk])

    def coached_projects(self):
        """Projects this coach is on, still running (not closed)."""
        from qls.projects.models import Project

        return Project.objects.filter(
            members__staff_id=self.staff_id, members__role="coach"
        ).exclude(stage="closed")

    @property
    def capacity_used(self) -> int:
        # Annotated by the directory query when present, to avoid a query per row.
        annotated = getattr(self, "active_projects", None)
        return annotated if annotated is not None else self.coached_projects().count()

    @property
    def capacity_left(self) -> int:
        return max(self.capacity - self.capacity_used, 0)


def _evidence_path(instance: CompetencyEvidence, filename: str) -> str:
    # One folder per person (by staff number); the storage adds a suffix when
    # a second upload has the same name, so nothing is overwritten.
    return f"competency-evidence/{instance.staff.staff_number}/{filename}"


class CompetencyEvidence(models.Model):
    """Evidence that one person meets one competency, waiting for or given faculty sign-off."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        RETURNED = "returned", "Returned for more evidence"

    staff = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="competency_evidence"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(
        upload_to=_evidence_path, blank=True, max_length=255, validators=[validate_file_name]
    )
    note = models.TextField(
        "what this evidence shows",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(
        "faculty comment",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name_plural = "competency evidence"
        permissions = [("sign_off_competency", "Can sign off competency evidence (faculty)")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(note=""),
                name="%(app_label)s_%(class)s_file_or_note",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="signed_off") | models.Q(signed_off_at__isnull=False),
                name="%(app_label)s_%(class)s_signed_off_dated",
            ),
            *text_limits(note=LONG_TEXT_MAX, comment=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.competency.code} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""


class MentorPairing(models.Model):
    mentor = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="mentees_paired"
    )
    mentee = models.ForeignKey(
        "organisation.StaffMember", on_delete=models.PROTECT, related_name="mentors_paired"
    )
    started = models.DateField(default=timezone.localdate)
    ended = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("mentee")),
                name="%(app_label)s_%(class)s_not_self",
            ),
            models.CheckConstraint(
                condition=models.Q(ended__isnull=True) | models.Q(ended__gte=models.F("started")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=models.Q(ended__isnull=True),
                name="%(app_label)s_%(class)s_one_open_pairing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.mentee}"

    @property
    def is_open(self) -> bool:
        return self.ended is None


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


class ImprovementProgramme(models.Model):
    """A programme wrapped around a cohort: clinicians from across sites, or a
    system-wide cohort with partners, working in teams on shared problems.

    Each has a row in the project registry's ``Programme`` so team projects
    appear there grouped together.
    """

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", "Improvement programme"
        SYSTEM_WIDE = "system_wide", "System-wide cohort"

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.IMPROVEMENT)
    cohort = models.ForeignKey(
        "Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_programmes",
    )
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    sites = models.ManyToManyField("organisation.Site", related_name="+", blank=True)
    programme = models.OneToOneField(
        "projects.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="improvement_programme",
    )
    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        ordering = ["name"]
        permissions = [("manage_programmes", "Can run improvement programmes and their teams")]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("capability:programme", args=[self.pk])


class ProgrammeTeam(models.Model):
    programme = models.ForeignKey(
        ImprovementProgramme, on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(max_length=100, validators=[validate_no_patient_identifiers])
    wicked_problem = models.TextField(
        "wicked problem",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    sro = models.ForeignKey(
        "organisation.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_sponsored",
        verbose_name="senior responsible officer",
    )
    coach = models.ForeignKey(
        Coach, on_delete=models.SET_NULL, null=True, blank=True, related_name="programme_teams"
    )
    members = models.ManyToManyField("Participant", related_name="programme_teams", blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_teams",
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            *text_limits(wicked_problem=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"


class TrainingTarget(models.Model):
    """How many people a month the trust aims to train on a kind of course, from a date.

    A target applies from its start date until the next one for the same kind;
    before the first, there is no trajectory. So a trajectory starts when the
    programme did, and raising the ambition later does not rewrite the past.
    """

    course_kind = models.CharField("course", max_length=20, choices=Course.Kind.choices)
    per_month = models.FloatField(
        "people a month", help_text="How many people a month should complete this course."
    )
    starts_on = models.DateField(
        "from", help_text="The first month the target applies to (from its 1st)."
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_no_patient_identifiers],
        help_text="Where the target comes from, for example the board paper that set it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["course_kind", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["course_kind", "starts_on"], name="%(app_label)s_%(class)s_one_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(per_month__gte=0), name="%(app_label)s_%(class)s_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_course_kind_display()}: {self.per_month:g} a month from {self.starts_on}"
