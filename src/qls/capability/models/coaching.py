"""The route to improvement coach: competencies, evidence and its sign-off, coaches and mentors.

Rules across several models live in ``qls.capability.coaching``; the views
never write these models directly.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_file_name, validate_no_patient_identifiers


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
