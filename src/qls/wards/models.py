"""The ward improvement programme and ward accreditation.

Programme side: a ``WardProgramme`` adds a few wards per site every few
months (a ``Wave``); each ward's ``WardJourney`` moves through diagnostic →
engagement → action → sustain. At the ward's ``EngagementEvent`` staff raise
``Issue`` rows (signed in or not); each is sorted into fix (an ``Action``
with an owner), improve (a QI project in the registry) or change (an
``Escalation`` to the division or trust). Staff are nominated for QSIR
Practitioner training (``Nomination``). Staff survey results
(``StaffSurveyResult``) feed the ward's diagnostic pack.

Accreditation side: an ``AuditTemplate`` has sections and weighted
questions; an ``Audit`` of a ward scores its ``AuditAnswer`` rows as a
percentage; ``AccreditationLevel`` rows (bronze, silver, gold) name the
score a ward must hold for a number of consecutive audits.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.models import FileJob
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import Site, StaffMember, Ward


class WardProgramme(models.Model):
    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    start = models.DateField("start date")
    end = models.DateField("end date")
    wards_per_site_per_wave = models.PositiveSmallIntegerField(
        default=5, help_text="How many wards each site adds in one wave."
    )
    wave_length_months = models.PositiveSmallIntegerField(
        default=3, help_text="How long one wave lasts, in months."
    )
    sites = models.ManyToManyField(Site, related_name="ward_programmes")
    history = HistoricalRecords(m2m_fields=[sites])

    class Meta:
        ordering = ["-start", "name"]
        permissions = [
            ("plan_waves", "Can plan waves and move wards through the programme"),
            ("run_events", "Can run engagement events and sort the issues raised"),
            ("view_ward_dashboard", "Can see the programme dashboard and download it"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(wards_per_site_per_wave__gte=1)
                & models.Q(wave_length_months__gte=1),
                name="%(app_label)s_%(class)s_positive_wave",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Wave(models.Model):
    """One site's wave: the wards that start the programme together."""

    programme = models.ForeignKey(WardProgramme, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField()
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="ward_waves")
    start = models.DateField("start date")
    end = models.DateField("end date")
    # The wave's group in the project registry, so projects started from its
    # issues can be listed together.
    project_programme = models.OneToOneField(
        "projects.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_wave",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "site__name", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "site", "number"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Wave {self.number} at {self.site.name}"


class Stage(models.TextChoices):
    PLANNED = "planned", "Planned"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    ENGAGEMENT = "engagement", "Engagement"
    ACTION = "action", "Action"
    SUSTAIN = "sustain", "Sustain"


STAGE_ORDER = [s.value for s in Stage]


class WardJourney(models.Model):
    """One ward's way through the programme."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        PAUSED = "paused", "Paused"

    Stage = Stage

    programme = models.ForeignKey(WardProgramme, on_delete=models.CASCADE, related_name="journeys")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="ward_journeys")
    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="journeys")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.PLANNED)
    diagnostic_on = models.DateField("diagnostic started", null=True, blank=True)
    engagement_on = models.DateField("engagement started", null=True, blank=True)
    action_on = models.DateField("action started", null=True, blank=True)
    sustain_on = models.DateField("sustain started", null=True, blank=True)
    facilitator = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_journeys",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ON_TRACK)
    history = HistoricalRecords()

    class Meta:
        ordering = ["wave__number", "ward__name"]
        constraints = [
            # A ward takes part once per programme: it cannot sit in two waves.
            models.UniqueConstraint(
                fields=["programme", "ward"], name="%(app_label)s_%(class)s_one_wave_per_ward"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ward.name}, wave {self.wave.number}"

    def get_absolute_url(self) -> str:
        return reverse("wards:journey", args=[self.pk])

    @property
    def next_stage(self) -> str | None:
        index = STAGE_ORDER.index(self.stage)
        return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None

    @property
    def next_stage_label(self) -> str:
        return Stage(self.next_stage).label if self.next_stage else ""

    def stage_started(self, stage: str):
        return getattr(self, f"{stage}_on", None)

    @property
    def current_stage_since(self):
        return self.stage_started(self.stage)


def _new_token() -> str:
    return secrets.token_urlsafe(12)


class EngagementEvent(models.Model):
    """A ward's staff engagement event, and the window when issues may be raised."""

    journey = models.ForeignKey(WardJourney, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    date = models.DateField("date of the event")
    location = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    opens_at = models.DateTimeField("issues open from")
    closes_at = models.DateTimeField("issues close at")
    facilitator = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_events",
    )
    token = models.SlugField(max_length=32, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="%(app_label)s_%(class)s_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title or f"Engagement event, {self.journey.ward.name}"

    def get_absolute_url(self) -> str:
        return reverse("wards:event", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("wards:submit", args=[self.token])

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if now < self.opens_at:
            return "not_open"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now=None) -> bool:
        return self.state(now) == "open"


class Category(models.TextChoices):
    UNCATEGORISED = "uncategorised", "Not yet sorted"
    FIX = "fix", "Fix"
    IMPROVE = "improve", "Improve"
    CHANGE = "change", "Change"


class Issue(models.Model):
    """Something a member of staff raised for their ward."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward"

    Category = Category

    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="issues")
    text = models.TextField(
        "issue", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    staff_role = models.CharField(
        "your role",
        max_length=100,
        blank=True,
        help_text="Optional, e.g. bank healthcare assistant",
        validators=[validate_no_patient_identifiers],
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_issues",
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    category = models.CharField(
        max_length=20, choices=Category.choices, default=Category.UNCATEGORISED
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    categorised_at = models.DateTimeField(null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_issues",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        indexes = [models.Index(fields=["category", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(duplicate_of=models.F("pk")),
                name="%(app_label)s_%(class)s_not_own_duplicate",
            ),
            *text_limits(text=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Action(models.Model):
    """A fix: something the ward's own staff will do, with an owner and a date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    # Where the action came from: an issue raised at an engagement event, or a
    # standard an accreditation audit found failed (exactly one of the two).
    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    audit_answer = models.ForeignKey(
        "AuditAnswer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="failed standard",
    )
    description = models.TextField(
        validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="ward_actions")
    due = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(status="done") & models.Q(done_at__isnull=False))
                | (~models.Q(status="done") & models.Q(done_at__isnull=True)),
                name="%(app_label)s_%(class)s_done_dated",
            ),
            models.CheckConstraint(
                condition=(models.Q(issue__isnull=False) & models.Q(audit_answer__isnull=True))
                | (models.Q(issue__isnull=True) & models.Q(audit_answer__isnull=False)),
                name="%(app_label)s_%(class)s_one_source",
            ),
            # A failed standard gets one action per audit (NULLs, issue actions, are distinct).
            models.UniqueConstraint(
                fields=["audit_answer"], name="%(app_label)s_%(class)s_once_per_standard"
            ),
            *text_limits(description=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def ward(self) -> Ward:
        """The ward the action is for, whichever its source (select the path you read)."""
        if self.audit_answer_id:
            return self.audit_answer.audit.ward
        return self.issue.event.journey.ward

    @property
    def source_url(self) -> str:
        """Where the action is followed up: its issue, or the audit that found the standard."""
        if self.audit_answer_id:
            return reverse("wards:audit", args=[self.audit_answer.audit_id]) + (
                f"#standard-{self.audit_answer.question_id}"
            )
        return reverse("wards:issue", args=[self.issue_id])

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status != self.Status.DONE and self.due < today


class Escalation(models.Model):
    """A change: beyond the ward, taken to the division or the trust ("we said, we did")."""

    class Level(models.TextChoices):
        DIVISION = "division", "Division"
        TRUST = "trust", "Trust"

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="escalation")
    level = models.CharField(max_length=10, choices=Level.choices)
    owner = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="ward_escalations"
    )
    created_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(
        "what we did",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responded_at__isnull=True) | ~models.Q(response=""),
                name="%(app_label)s_%(class)s_response_has_text",
            ),
            *text_limits(response=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"Escalated to the {self.get_level_display().lower()}: {self.issue}"


class Nomination(models.Model):
    """A member of staff put forward at an event for QSIR Practitioner training."""

    event = models.ForeignKey(EngagementEvent, on_delete=models.CASCADE, related_name="nominations")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="ward_nominations"
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(default=timezone.now)
    # The place on a QSIR Practitioner cohort; empty while no cohort takes bookings.
    enrolment = models.ForeignKey(
        "capability.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ward_nominations",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-nominated_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "staff"], name="%(app_label)s_%(class)s_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} nominated at {self.event}"


class SurveyImport(FileJob):
    """One staff survey import: its file, progress and outcome (run as a background job)."""

    filename = models.CharField(max_length=255, validators=[validate_no_patient_identifiers])
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def get_absolute_url(self) -> str:
        return reverse("wards:survey_import_run", args=[self.pk])

    def __str__(self) -> str:
        return self.filename


class StaffSurveyResult(models.Model):
    """A ward's score on one theme of one staff survey (0 to 10, as the NHS Staff Survey)."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="survey_results")
    survey = models.CharField(
        max_length=100,
        help_text="For example: NHS Staff Survey 2023",
        validators=[validate_no_patient_identifiers],
    )
    period = models.DateField(help_text="When the survey closed")
    theme = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    score = models.FloatField()
    respondents = models.PositiveIntegerField(null=True, blank=True)
    source_import = models.ForeignKey(
        SurveyImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["ward", "survey", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "survey", "theme"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=10),
                name="%(app_label)s_%(class)s_score_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward.name} {self.survey} {self.theme}: {self.score}"


# ------------------------------------------------------------------ accreditation

VERSION_REASON_MAX = 1_000  # why a template version was made: a paragraph


class AuditTemplate(models.Model):
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    version = models.PositiveSmallIntegerField(default=1)
    active = models.BooleanField(default=True)
    reaudit_months = models.PositiveSmallIntegerField(
        "re-audit every (months)", default=3, help_text="A ward is due again this long after."
    )
    # A version made from an earlier one: what it replaced, why, when and by whom.
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="later_versions"
    )
    change_reason = models.TextField(
        "reason for the change",
        blank=True,
        max_length=VERSION_REASON_MAX,
        validators=[validate_no_patient_identifiers],
    )
    changed_at = models.DateTimeField("version made", null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version"]
        permissions = [
            ("manage_audit_templates", "Can manage accreditation templates and levels"),
            ("run_audits", "Can carry out ward accreditation audits"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"], name="%(app_label)s_%(class)s_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(reaudit_months__gte=1),
                name="%(app_label)s_%(class)s_reaudit_positive",
            ),
            # A later version says why it was made.
            models.CheckConstraint(
                condition=models.Q(based_on__isnull=True) | ~models.Q(change_reason=""),
                name="%(app_label)s_%(class)s_version_has_reason",
            ),
            *text_limits(change_reason=VERSION_REASON_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("wards:audit_template", args=[self.pk])

    def in_use(self) -> bool:
        """Audits (drafts too) point at its questions, so it can no longer change in place."""
        return self.audits.exists()


class AuditSection(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    order = models.PositiveSmallIntegerField(default=0)
    # The weights of the section's questions add up to this; it is the section's
    # share of the audit score (its total over the sum of all sections' totals).
    total = models.PositiveSmallIntegerField(
        "section total",
        default=0,
        help_text="The weights of this section's questions must add up to this number.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["template", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class AnswerType(models.TextChoices):
    YES_NO = "yes_no", "Yes or no"
    SCALE_0_4 = "scale_0_4", "Scale 0 to 4"
    PERCENT = "percent", "Percentage"


# Largest value each answer type accepts; every type starts at 0.
ANSWER_MAX = {AnswerType.YES_NO: 1, AnswerType.SCALE_0_4: 4, AnswerType.PERCENT: 100}


class AuditQuestion(models.Model):
    AnswerType = AnswerType

    section = models.ForeignKey(AuditSection, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300, validators=[validate_no_patient_identifiers])
    hint = models.CharField(
        max_length=300, blank=True, validators=[validate_no_patient_identifiers]
    )
    answer_type = models.CharField(max_length=20, choices=AnswerType.choices)
    weight = models.PositiveSmallIntegerField(default=1)
    evidence = models.CharField(
        "evidence to look for",
        max_length=300,
        blank=True,
        validators=[validate_no_patient_identifiers],
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="%(app_label)s_%(class)s_weight_positive"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def max_value(self) -> int:
        return ANSWER_MAX[AnswerType(self.answer_type)]


class Audit(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="accreditation_audits")
    auditor = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, null=True, blank=True, related_name="ward_audits"
    )
    date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    score = models.FloatField("score (%)", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["ward", "status", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(score__isnull=False) & models.Q(submitted_at__isnull=False)),
                name="%(app_label)s_%(class)s_submitted_scored",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | (models.Q(score__gte=0) & models.Q(score__lte=100)),
                name="%(app_label)s_%(class)s_score_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward.name} audit {self.date:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("wards:audit", args=[self.pk])


class AuditAnswer(models.Model):
    """One answer; ``value`` empty means not applicable (left out of the score)."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(AuditQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.FloatField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "question"]
        constraints = [
            models.UniqueConstraint(
                fields=["audit", "question"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True)
                | (models.Q(value__gte=0) & models.Q(value__lte=100)),
                name="%(app_label)s_%(class)s_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value}"


class AccreditationLevel(models.Model):
    """A level (bronze, silver, gold): its minimum score, held for N audits in a row."""

    name = models.CharField(
        max_length=50, unique=True, validators=[validate_no_patient_identifiers]
    )
    min_score = models.FloatField("minimum score (%)")
    consecutive_audits = models.PositiveSmallIntegerField(
        default=2, help_text="Audits in a row at or above the minimum score."
    )
    order = models.PositiveSmallIntegerField(unique=True, help_text="1 is the lowest level.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_score__gte=0) & models.Q(min_score__lte=100),
                name="%(app_label)s_%(class)s_min_score_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(consecutive_audits__gte=1),
                name="%(app_label)s_%(class)s_consecutive_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------ failed standards


class StandardProject(models.Model):
    """A QI project started from a standard an audit found failed."""

    audit_answer = models.OneToOneField(
        AuditAnswer, on_delete=models.CASCADE, related_name="standard_project"
    )
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="audit_standard"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project} from {self.audit_answer}"
