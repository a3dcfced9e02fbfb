"""The system's learning and co-production records (all under the ``system`` label).

A "we said, we did" entry belongs to the partner that recorded it; a shared
learning item goes to the partners it is sent to; a system priority is led
by one partner and tagged with one of the National Quality Board's seven
steps. Who sees which is decided in ``qls.system.learning.queries``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.projects.models import Project

# The ladder of engagement is the projects app's, never a second copy.
Ladder = Project.Coproduction


class WeSaidWeDid(models.Model):
    """What people who use services told the system, and what was done about it."""

    class Status(models.TextChoices):
        LISTENING = "listening", "Listening"
        ACTING = "acting", "Acting"
        DONE = "done", "Done"

    organisation = models.ForeignKey(
        "organisation.Organisation", on_delete=models.PROTECT, related_name="we_said_entries"
    )
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    we_said = models.TextField(
        "what people told us",
        max_length=LONG_TEXT_MAX,
        validators=[validate_no_patient_identifiers],
    )
    we_did = models.TextField(
        "what was done",
        max_length=LONG_TEXT_MAX,
        blank=True,
        validators=[validate_no_patient_identifiers],
    )
    heard_by = models.ManyToManyField(
        "organisation.Organisation", related_name="+", verbose_name="partners who heard it"
    )
    heard_on = models.DateField("when it was heard")
    ladder = models.CharField("engagement ladder level", max_length=20, choices=Ladder.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LISTENING)
    risk = models.ForeignKey(
        "system.QualityRisk", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-heard_on", "title"]
        verbose_name = "we said, we did entry"
        verbose_name_plural = "we said, we did entries"
        permissions = [("read_published_wesaidwedid", "Read the published we said, we did log")]
        indexes = [models.Index(fields=["published_at", "heard_on"])]
        constraints = [
            *text_limits(we_said=LONG_TEXT_MAX, we_did=LONG_TEXT_MAX),
            models.CheckConstraint(
                condition=Q(ladder__in=Ladder.values), name="%(app_label)s_%(class)s_ladder_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("system:wesaid", args=[self.pk])

    @property
    def published(self) -> bool:
        return self.published_at is not None


class SharedLearning(models.Model):
    """Learning from a closed project, a risk or an incident theme, sent to chosen partners."""

    class Source(models.TextChoices):
        PROJECT = "project", "A closed project"
        RISK = "risk", "A quality risk"
        THEME = "theme", "An incident theme"

    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    summary = models.TextField(
        max_length=LONG_TEXT_MAX, validators=[validate_no_patient_identifiers]
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    risk = models.ForeignKey(
        "system.QualityRisk", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    theme = models.CharField(
        "incident theme",
        max_length=TITLE_MAX,
        blank=True,
        validators=[validate_no_patient_identifiers],
    )
    recipients = models.ManyToManyField(
        "organisation.Organisation", related_name="+", verbose_name="sent to"
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shared_at", "title"]
        verbose_name = "shared learning item"
        constraints = [
            *text_limits(summary=LONG_TEXT_MAX),
            models.CheckConstraint(
                condition=(
                    Q(source="project", project__isnull=False, risk__isnull=True, theme="")
                    | Q(source="risk", risk__isnull=False, project__isnull=True, theme="")
                    | Q(source="theme", project__isnull=True, risk__isnull=True) & ~Q(theme="")
                ),
                name="%(app_label)s_%(class)s_one_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("system:learning", args=[self.pk])

    @property
    def source_name(self) -> str:
        if self.project_id:
            return str(self.project)
        if self.risk_id:
            return str(self.risk)
        return self.theme


class NQBStep(models.TextChoices):
    """The National Quality Board's seven steps for delivering quality, in their order."""

    DIRECTION = "direction", "1. Set a clear direction and priorities"
    CLARITY = "clarity", "2. Be clear about what good quality looks like"
    MEASURING = "measuring", "3. Measure quality and publish it"
    RECOGNISING = "recognising", "4. Recognise good quality and learn from it"
    IMPROVING = "improving", "5. Keep quality up and improve it"
    CAPABILITY = "capability", "6. Build the capability to improve"
    AHEAD = "ahead", "7. Stay ahead"


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    UNDER_WAY = "under_way", "Under way"
    EMBEDDED = "embedded", "Embedded"


class SystemPriority(models.Model):
    title = models.CharField(max_length=TITLE_MAX, validators=[validate_no_patient_identifiers])
    description = models.TextField(
        max_length=LONG_TEXT_MAX, validators=[validate_no_patient_identifiers]
    )
    lead_organisation = models.ForeignKey(
        "organisation.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField("NQB step", max_length=20, choices=NQBStep.choices)
    progress = models.CharField(
        max_length=20, choices=Progress.choices, default=Progress.NOT_STARTED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]
        verbose_name = "system priority"
        verbose_name_plural = "system priorities"
        constraints = [
            *text_limits(description=LONG_TEXT_MAX),
            models.CheckConstraint(
                condition=Q(step__in=NQBStep.values), name="%(app_label)s_%(class)s_step_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("system:priority", args=[self.pk])


class ProgressNote(models.Model):
    """One dated update of a priority's progress: never edited, so the history stays."""

    priority = models.ForeignKey(SystemPriority, on_delete=models.CASCADE, related_name="notes")
    progress = models.CharField(max_length=20, choices=Progress.choices)
    note = models.TextField(max_length=LONG_TEXT_MAX, validators=[validate_no_patient_identifiers])
    on = models.DateField(default=timezone.localdate)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-at", "-pk"]
        constraints = [*text_limits(note=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return f"{self.get_progress_display()} on {self.on:%d %B %Y}"
