"""Models of the introductory e-learning, "Improvement at our trust" (app label ``community``).

A ``Chapter`` holds text, an optional image and an optional video (with its
WebVTT captions: the database refuses a video without them), and ends with
a quiz of ``Question`` rows, each with ``Option`` rows, some correct. A
learner is a capability ``Participant``, so completion lands in the same
training history, reports and certificates as the taught courses.

``Attempt`` keeps each quiz answered with a snapshot of the questions,
the answers, the score and the pass mark of the day: editing a quiz later
(which raises the chapter's ``quiz_version``) never changes a result.
``Progress`` is where a learner left off, so they can resume on another
device, and the enrolment their completion was recorded as.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.capability.models import Enrolment, Participant
from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_file_name, validate_no_patient_identifiers

QUESTION_MAX = 500
OPTION_MAX = 300


class Chapter(models.Model):
    position = models.PositiveSmallIntegerField(
        "chapter number", unique=True, help_text="Chapters are taken in this order."
    )
    title = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    summary = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_no_patient_identifiers],
        help_text="One sentence shown in the list of chapters.",
    )
    body = models.TextField(
        "text",
        max_length=LONG_TEXT_MAX,
        validators=[validate_no_patient_identifiers],
        help_text="Paragraphs separated by a blank line.",
    )
    image = models.FileField(
        upload_to="elearning/images/", blank=True, max_length=255, validators=[validate_file_name]
    )
    image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        validators=[validate_no_patient_identifiers],
        help_text="What the image shows, for people who cannot see it.",
    )
    video = models.FileField(
        upload_to="elearning/videos/", blank=True, max_length=255, validators=[validate_file_name]
    )
    captions = models.FileField(
        upload_to="elearning/captions/", blank=True, max_length=255, validators=[validate_file_name]
    )
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark (%)", default=80, help_text="The share of questions to answer correctly."
    )
    resources = models.ManyToManyField(
        "community.Resource",
        blank=True,
        related_name="chapters",
        verbose_name="tools from the resource library",
        help_text="Shown at the end of the chapter, each a link to the library.",
    )
    quiz_version = models.PositiveIntegerField(default=1, editable=False)
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100),
                name="%(app_label)s_%(class)s_pass_mark_percent",
            ),
            # WCAG 2.2 AA: prerecorded video needs captions.
            models.CheckConstraint(
                condition=models.Q(video="") | ~models.Q(captions=""),
                name="%(app_label)s_%(class)s_video_captioned",
            ),
            models.CheckConstraint(
                condition=models.Q(image="") | ~models.Q(image_alt=""),
                name="%(app_label)s_%(class)s_image_described",
            ),
            *text_limits(body=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("community:elearning_chapter", args=[self.pk])


class Question(models.Model):
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=QUESTION_MAX, validators=[validate_no_patient_identifiers])

    class Meta:
        ordering = ["chapter", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "position"], name="%(app_label)s_%(class)s_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=OPTION_MAX, validators=[validate_no_patient_identifiers])
    correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="%(app_label)s_%(class)s_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Attempt(models.Model):
    """One quiz answered, kept as it was: later edits to the quiz do not touch it."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="elearning_attempts"
    )
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="attempts")
    quiz_version = models.PositiveIntegerField()
    answers = models.JSONField(
        help_text="Each question as asked: its text, the options chosen and the correct ones."
    )
    score = models.PositiveSmallIntegerField()
    out_of = models.PositiveSmallIntegerField()
    pass_mark = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["participant", "chapter", "passed"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(out_of__gte=1, score__lte=models.F("out_of")),
                name="%(app_label)s_%(class)s_score_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.chapter}: {self.score}/{self.out_of}"

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.out_of)


class Progress(models.Model):
    """Where a learner is in the e-learning, and their completion once recorded."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="elearning_progress"
    )
    last_chapter = models.ForeignKey(
        Chapter, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    enrolment = models.OneToOneField(
        Enrolment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elearning_progress",
        help_text="The training record of the completion.",
    )

    class Meta:
        verbose_name_plural = "progress"
        indexes = [models.Index(fields=["completed_at"])]

    def __str__(self) -> str:
        return f"{self.participant}: e-learning progress"
