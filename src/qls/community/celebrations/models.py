"""Models of the community's celebrations (app label ``community``).

A ``CelebrationEvent`` is the yearly celebration of improvement: a date, a
venue with a capacity, a window for submissions and the award categories.
A project team sends a ``Submission`` (the project's A3 poster, an abstract
and a presenter); ``Judge`` rows name the panel, each judge gives one
``Score`` per submission against the rubric, the panel shortlists and the
improvement team gives each category's award to one shortlisted submission.
Staff ``Registration`` rows hold a seat or a waiting-list place, and the
``ProgrammeItem`` rows are the day's presentations.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import TITLE_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import StaffMember
from qls.projects.models import Project

ABSTRACT_WORDS = 300
# 300 words of even long words fit; the word count is the rule people see.
ABSTRACT_MAX = 4_000
SCORE_MIN, SCORE_MAX = 1, 5
# The judging rubric: (field, heading, what the judge looks for). Each is scored 1 to 5.
RUBRIC = [
    ("problem", "Problem and aim", "A clear problem and a specific, measurable, timed aim."),
    ("method", "Use of QI method", "Change ideas tested in PDSA cycles, learning from each."),
    ("measurement", "Measurement", "Measures shown over time on SPC charts, read correctly."),
    ("impact", "Impact", "Evidence of improvement for patients, staff or the system."),
    ("spread", "Sustainability and spread", "Plans to hold the gain and share the learning."),
]
RUBRIC_FIELDS = [name for name, _, _ in RUBRIC]


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text or ""))


def validate_abstract_words(value: str) -> None:
    count = word_count(value)
    if count > ABSTRACT_WORDS:
        raise ValidationError(
            f"Abstract must be {ABSTRACT_WORDS} words or fewer (it has {count}).",
            code="too_many_words",
        )


class CelebrationEvent(models.Model):
    name = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    date = models.DateField()
    venue = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    capacity = models.PositiveIntegerField(help_text="Seats for people attending.")
    submissions_open = models.DateField("submissions open")
    submissions_close = models.DateField("submissions close")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="%(app_label)s_%(class)s_has_seats"
            ),
            models.CheckConstraint(
                condition=models.Q(submissions_open__lte=models.F("submissions_close")),
                name="%(app_label)s_%(class)s_window_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(submissions_close__lte=models.F("date")),
                name="%(app_label)s_%(class)s_window_before_event",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:celebrations_event", args=[self.pk])

    def is_open_for_submissions(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.submissions_open <= today <= self.submissions_close


class AwardCategory(models.Model):
    event = models.ForeignKey(CelebrationEvent, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"], name="%(app_label)s_%(class)s_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Judge(models.Model):
    event = models.ForeignKey(CelebrationEvent, on_delete=models.CASCADE, related_name="judges")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_judging"
    )

    class Meta:
        ordering = ["event", "staff__last_name", "staff__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "staff"], name="%(app_label)s_%(class)s_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} (judge, {self.event})"


class Submission(models.Model):
    event = models.ForeignKey(
        CelebrationEvent, on_delete=models.CASCADE, related_name="submissions"
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="celebration_submissions"
    )
    abstract = models.TextField(
        max_length=ABSTRACT_MAX,
        help_text=f"Up to {ABSTRACT_WORDS} words: the problem, what you changed and what happened.",
        validators=[validate_no_patient_identifiers, validate_abstract_words],
    )
    presenter = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_presentations"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    shortlisted = models.BooleanField(default=False)
    award = models.ForeignKey(
        AwardCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="winners"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "project__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "project"], name="%(app_label)s_%(class)s_once_per_event"
            ),
            # One winner per award category.
            models.UniqueConstraint(
                fields=["award"],
                condition=models.Q(award__isnull=False),
                name="%(app_label)s_%(class)s_one_winner",
            ),
            models.CheckConstraint(
                condition=models.Q(award__isnull=True) | models.Q(shortlisted=True),
                name="%(app_label)s_%(class)s_award_needs_shortlist",
            ),
            *text_limits(abstract=ABSTRACT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.event})"

    def get_absolute_url(self) -> str:
        return reverse("community:celebrations_submission", args=[self.pk])


def _score_field(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )


class Score(models.Model):
    """One judge's marks for one submission, each rubric criterion 1 to 5."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="scores")
    problem = _score_field(RUBRIC[0][1])
    method = _score_field(RUBRIC[1][1])
    measurement = _score_field(RUBRIC[2][1])
    impact = _score_field(RUBRIC[3][1])
    spread = _score_field(RUBRIC[4][1])
    scored_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "judge"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "judge"], name="%(app_label)s_%(class)s_once_per_judge"
            ),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__gte": SCORE_MIN, f"{name}__lte": SCORE_MAX}),
                    name=f"%(app_label)s_%(class)s_{name}_on_scale",
                )
                for name in RUBRIC_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.judge.staff} on {self.submission}"

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in RUBRIC_FIELDS)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", "Registered"
        WAITLISTED = "waitlisted", "On the waiting list"

    event = models.ForeignKey(
        CelebrationEvent, on_delete=models.CASCADE, related_name="registrations"
    )
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_registrations"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["event", "registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "staff"], name="%(app_label)s_%(class)s_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} ({self.get_status_display().lower()}, {self.event})"


class ProgrammeItem(models.Model):
    """One presentation on the day."""

    event = models.ForeignKey(CelebrationEvent, on_delete=models.CASCADE, related_name="programme")
    starts_at = models.TimeField("time")
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    presenter = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="celebration_programme"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="programme"
    )

    class Meta:
        ordering = ["event", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.starts_at:%H:%M} {self.title}"
