"""The QI project registry: projects, driver diagrams, PDSA cycles, measures and evaluations.

A ``Project`` is registered by any member of staff, linked to at least one
strategic aim, and moves through stages (idea → scoping → testing →
implementing → sustaining → closed). Every move is a ``StageChange``; moves
past scoping wait for the project coach's approval. The driver diagram is a
tree of ``DriverNode`` rows (primary → secondary → change idea) under the
project's aim. Change ideas are tested in ``PDSACycle`` rows, linked into
ramps by ``previous``. ``Measure`` rows are either linked to a QLS metric
series or hold their own ``MeasureValue`` rows; ``Evidence`` caches, per
measure, whether a special cause in the direction of improvement followed an
adopted change. An ``Evaluation`` is written before closure.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    SEARCH_DETAIL_MAX,
    SEARCH_SUMMARY_MAX,
    TITLE_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.measurement.models import ChartType, Frequency, ImprovementDirection, Series
from qls.organisation.models import (
    QualityDomain,
    Site,
    Specialty,
    StaffMember,
    StrategicAim,
    Ward,
)
from qls.projects.progress import VALUES as PROGRESS_VALUES
from qls.projects.progress import label as progress_label


class Programme(models.Model):
    """A group of projects run together: a QSIR cohort, a ward-programme wave, a system team.

    Other apps (capability cohorts, ward waves) create rows here, so this app
    never imports them.
    """

    class Kind(models.TextChoices):
        QSIR_COHORT = "qsir_cohort", "QSIR cohort"
        WARD_WAVE = "ward_wave", "Ward programme wave"
        SYSTEM_TEAM = "system_team", "System-wide team"
        OTHER = "other", "Other programme"

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free keyword that groups projects across sites ("falls", "discharge")."""

    name = models.CharField(
        max_length=60, unique=True, validators=[validate_no_patient_identifiers]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    SCOPING = "scoping", "Scoping"
    TESTING = "testing", "Testing"
    IMPLEMENTING = "implementing", "Implementing"
    SUSTAINING = "sustaining", "Sustaining"
    CLOSED = "closed", "Closed"


# Order of the stages; moving to any stage after scoping needs the coach's approval.
STAGE_ORDER = [s.value for s in Stage]


class Project(models.Model):
    class Category(models.TextChoices):
        FIX = "fix", "Fix"
        IMPROVE = "improve", "Improve"
        CHANGE = "change", "Change"

    class Coproduction(models.TextChoices):
        # The ladder of engagement, lowest rung first.
        INFORMING = "informing", "Informing"
        CONSULTING = "consulting", "Consulting"
        INVOLVING = "involving", "Involving"
        COLLABORATING = "collaborating", "Collaborating"
        DEVOLVING = "devolving", "Devolving"

    class ClosureOutcome(models.TextChoices):
        SPREAD = "spread", "Spread"
        SUSTAINED = "sustained", "Sustained"
        STOPPED = "stopped", "Stopped"

    Stage = Stage

    title = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    problem = models.TextField(
        "problem statement", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    aim_statement = models.TextField(
        "aim statement",
        help_text="Specific, measurable, timed.",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    strategic_aims = models.ManyToManyField(StrategicAim, related_name="projects")
    domains = models.ManyToManyField(
        QualityDomain, related_name="projects", blank=True, verbose_name="quality domains"
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    specialty = models.ForeignKey(
        Specialty, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    start_date = models.DateField()
    target_date = models.DateField(null=True, blank=True)
    category = models.CharField(max_length=10, choices=Category.choices)
    coproduction_level = models.CharField(
        "co-production level", max_length=20, choices=Coproduction.choices
    )
    patient_involvement = models.TextField(
        "how patients or the public are involved",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects"
    )
    tags = models.ManyToManyField(Tag, related_name="projects", blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IDEA)
    closure_outcome = models.CharField(max_length=10, choices=ClosureOutcome.choices, blank=True)
    closure_reason = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[strategic_aims, domains, tags])

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("change_any_project", "Can edit any QI project"),
            ("view_evaluations", "Can see every project evaluation"),
        ]
        indexes = [
            models.Index(fields=["stage"]),
            models.Index(fields=["start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage="closed") | models.Q(closure_outcome=""),
                name="%(app_label)s_%(class)s_outcome_only_when_closed",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage="closed") | ~models.Q(closure_outcome=""),
                name="%(app_label)s_%(class)s_closed_has_outcome",
            ),
            *text_limits(
                problem=LONG_TEXT_MAX,
                aim_statement=LONG_TEXT_MAX,
                patient_involvement=LONG_TEXT_MAX,
                closure_reason=LONG_TEXT_MAX,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projects:project", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.stage == Stage.CLOSED


class ProjectMember(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        MEMBER = "member", "Team member"
        SPONSOR = "sponsor", "Sponsor"
        COACH = "coach", "Coach"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.PROTECT, related_name="project_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "role", "staff__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "staff", "role"], name="%(app_label)s_%(class)s_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} ({self.get_role_display()}, {self.project})"


class StageChange(models.Model):
    """A move between stages: requested, then approved (or refused) where approval is needed.

    Moves that need no approval are recorded as approved at once, so the
    approved rows are the project's stage history.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            # At most one request waiting per project: a second would race the first.
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(status="requested"),
                name="%(app_label)s_%(class)s_one_pending",
            ),
            *text_limits(note=LONG_TEXT_MAX, decision_note=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_stage} → {self.to_stage} ({self.status})"


class DriverNode(models.Model):
    """One box of the driver diagram; the project's aim statement is the root."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", "Primary driver"
        SECONDARY = "secondary", "Secondary driver"
        CHANGE_IDEA = "change_idea", "Change idea"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="driver_nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.CharField(max_length=300, validators=[validate_no_patient_identifiers])
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="primary", parent__isnull=True)
                | models.Q(~models.Q(kind="primary"), parent__isnull=False),
                name="%(app_label)s_%(class)s_primary_at_root",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_change_idea(self) -> bool:
        return self.kind == self.Kind.CHANGE_IDEA


class PDSACycle(models.Model):
    """Plan, do, study, act for one test of a change idea.

    ``previous`` links cycles into a ramp: each test builds on the one before.
    ``ended_on`` is the date of the act decision; an adopted cycle's
    ``ended_on`` is when the change was adopted, which the evidence rule uses.
    """

    class Act(models.TextChoices):
        ADOPT = "adopt", "Adopt"
        ADAPT = "adapt", "Adapt"
        ABANDON = "abandon", "Abandon"

    change_idea = models.ForeignKey(DriverNode, on_delete=models.CASCADE, related_name="cycles")
    number = models.PositiveSmallIntegerField()
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycles"
    )
    title = models.CharField(
        max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    plan_what = models.TextField(
        "what will we test", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    plan_who = models.CharField(
        "who", max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    plan_where = models.CharField(
        "where", max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    plan_when = models.CharField(
        "when", max_length=200, blank=True, validators=[validate_no_patient_identifiers]
    )
    prediction = models.TextField(
        "what do we predict will happen",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    do_notes = models.TextField(
        "what happened",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    study_notes = models.TextField(
        "result against the prediction",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    act_decision = models.CharField("decision", max_length=10, choices=Act.choices, blank=True)
    act_notes = models.TextField(
        "next steps",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField("decision date", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["change_idea", "number"]
        verbose_name = "PDSA cycle"
        constraints = [
            models.UniqueConstraint(
                fields=["change_idea", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(act_decision="") | models.Q(ended_on__isnull=False),
                name="%(app_label)s_%(class)s_decision_dated",
            ),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            ),
            *text_limits(
                plan_what=LONG_TEXT_MAX,
                prediction=LONG_TEXT_MAX,
                do_notes=LONG_TEXT_MAX,
                study_notes=LONG_TEXT_MAX,
                act_notes=LONG_TEXT_MAX,
            ),
        ]

    def __str__(self) -> str:
        return f"PDSA {self.number}: {self.title or self.change_idea.text}"

    @property
    def project(self) -> Project:
        return self.change_idea.project

    @property
    def adopted(self) -> bool:
        return self.act_decision == self.Act.ADOPT


# Charts whose points are a numerator over a denominator.
RATIO_CHART_TYPES = frozenset({ChartType.P, ChartType.U})


class Measure(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Outcome"
        PROCESS = "process", "Process"
        BALANCING = "balancing", "Balancing"

    # The same vocabularies as a QLS metric, so a measure can link to one.
    Direction = ImprovementDirection
    ChartType = ChartType
    Frequency = Frequency

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    operational_definition = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    improvement_direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.DECREASE
    )
    target = models.FloatField(null=True, blank=True)
    chart_type = models.CharField(max_length=10, choices=ChartType.choices, default=ChartType.XMR)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.WEEK)
    unit = models.CharField(
        max_length=60,
        blank=True,
        help_text="For example: per 1,000 bed days",
        validators=[validate_no_patient_identifiers],
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="project_measures",
        help_text="A QLS metric series; when empty the project enters its own data.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position", "pk"]
        constraints = [*text_limits(operational_definition=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("projects:measure", args=[self.project_id, self.pk])

    @property
    def is_ratio(self) -> bool:
        return self.chart_type in RATIO_CHART_TYPES


class MeasureValue(models.Model):
    """One period of project-entered data: a value, or a numerator over a denominator."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period = models.DateField(help_text="The first day of the period (weeks start on Monday).")
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="%(app_label)s_%(class)s_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False)
                | models.Q(numerator__isnull=False, denominator__isnull=False),
                name="%(app_label)s_%(class)s_has_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.period}"


class Recalculation(models.Model):
    """The limits of a project measure recalculated from a period, as its coach decided.

    After a change is adopted and the measure shows a sustained shift (the
    method's shift rule, on the improving side), QLS proposes recalculating
    the limits from the start of the shift (``qls.projects.recalculation``).
    The proposal itself is derived, not stored; a row is the coach's
    decision on it. An approved one starts a new segment of the measure's
    chart, so assurance is judged on the limits of the process as it now
    is. A refused one stays, with its reason, and is not proposed again.
    """

    class Status(models.TextChoices):
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="recalculations")
    period = models.DateField(help_text="The first period of the new limits.")
    cycle = models.ForeignKey(
        PDSACycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(
        "why QLS proposed it",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    decision_reason = models.TextField(
        validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="%(app_label)s_%(class)s_unique_period"
            ),
            *text_limits(reason=LONG_TEXT_MAX, decision_reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: limits from {self.period} ({self.get_status_display().lower()})"


class Evidence(models.Model):
    """Cached answer to "did this measure improve after a change was adopted?".

    Refreshed by ``qls.projects.evidence_store`` whenever the measure's data, its
    project's PDSA cycles or its linked series change.
    """

    measure = models.OneToOneField(Measure, on_delete=models.CASCADE, related_name="evidence")
    found = models.BooleanField(default=False)
    first_period = models.DateField(null=True, blank=True)
    change_idea = models.ForeignKey(
        DriverNode, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cycle = models.ForeignKey(
        PDSACycle, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_on = models.DateField(null=True, blank=True)
    rule = models.CharField(max_length=40, blank=True)
    sentence = models.TextField(blank=True)
    computed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        indexes = [models.Index(fields=["found"])]

    def __str__(self) -> str:
        return self.sentence or f"No evidence yet for {self.measure}"

    @property
    def rule_words(self) -> str:
        from qls.projects.evidence import rule_words

        return rule_words(self.rule)


class Evaluation(models.Model):
    class AimAchieved(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="evaluation")
    aim_achieved = models.CharField(
        "was the aim achieved?", max_length=10, choices=AimAchieved.choices
    )
    evidence = models.TextField(
        "evidence from the measures",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    sustainability_plan = models.TextField(
        "sustainability plan",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    spread_potential = models.TextField(
        "spread potential", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    costs_benefits = models.TextField(
        "costs and benefits", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    lessons_learned = models.TextField(
        "lessons learned", validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    do_differently = models.TextField(
        "what we would do differently",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    completed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            *text_limits(
                evidence=LONG_TEXT_MAX,
                sustainability_plan=LONG_TEXT_MAX,
                spread_potential=LONG_TEXT_MAX,
                costs_benefits=LONG_TEXT_MAX,
                lessons_learned=LONG_TEXT_MAX,
                do_differently=LONG_TEXT_MAX,
            )
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.project}"


class ProgressScore(models.Model):
    """One confirmation of a project's IHI progress score, dated; the newest is current.

    QLS suggests the score (``qls.projects.progress``); the coach or the
    improvement team confirms it or chooses another with a reason. Rows are
    never edited: each confirmation is a new one, so the list is the
    project's score history, kept with what QLS suggested and why.
    """

    SCALE = [(value, progress_label(value)) for value in PROGRESS_VALUES]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="progress_scores")
    suggested = models.DecimalField(max_digits=2, decimal_places=1, choices=SCALE)
    confirmed = models.DecimalField(max_digits=2, decimal_places=1, choices=SCALE)
    suggestion_reasons = models.TextField(
        "why QLS suggested it", blank=True, max_length=LONG_TEXT_MAX
    )
    reason = models.TextField(
        "reason for a different score",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The name at the time, so the history still says who after a sign-in is removed.
    confirmed_by_name = models.CharField(max_length=200, blank=True)
    confirmed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        get_latest_by = ["confirmed_at", "pk"]
        indexes = [models.Index(fields=["project", "-confirmed_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suggested__in=PROGRESS_VALUES),
                name="%(app_label)s_%(class)s_suggested_on_scale",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed__in=PROGRESS_VALUES),
                name="%(app_label)s_%(class)s_confirmed_on_scale",
            ),
            # Nobody overrides the suggestion without saying why.
            models.CheckConstraint(
                condition=models.Q(confirmed=models.F("suggested")) | ~models.Q(reason=""),
                name="%(app_label)s_%(class)s_override_has_reason",
            ),
            *text_limits(suggestion_reasons=LONG_TEXT_MAX, reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.confirmed} ({self.confirmed_at:%d %b %Y})"

    @property
    def is_override(self) -> bool:
        return self.confirmed != self.suggested

    @property
    def confirmed_label(self) -> str:
        return progress_label(self.confirmed)

    @property
    def suggested_label(self) -> str:
        return progress_label(self.suggested)

    @property
    def reasons_list(self) -> list[str]:
        return [line for line in self.suggestion_reasons.splitlines() if line]


class SearchDocument(models.Model):
    """What a project is found by in search: its words, grouped by weight.

    Derived from the project, its driver diagram, PDSA cycles and evaluation
    by ``qls.projects.search.index_projects`` (so no audit history: it is an
    index, not a record anyone edits). The engine's full-text index follows
    by database trigger: an FTS5 table on SQLite, the ``vector`` column
    (GIN-indexed) on PostgreSQL, where it is otherwise always null.

    Altering this model's fields makes Django remake the table on SQLite,
    which drops its triggers: such a migration must create them again (see
    migration 0005).
    """

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    title = models.TextField(blank=True, max_length=TITLE_MAX)
    summary = models.TextField(
        blank=True, help_text="Problem, aim, tags and place.", max_length=SEARCH_SUMMARY_MAX
    )
    detail = models.TextField(
        blank=True, help_text="Change ideas, PDSA notes and lessons.", max_length=SEARCH_DETAIL_MAX
    )
    vector = SearchVectorField(null=True, editable=False)
    # Indexed: the newest one versions cached answers such as similar projects.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            *text_limits(title=TITLE_MAX, summary=SEARCH_SUMMARY_MAX, detail=SEARCH_DETAIL_MAX)
        ]

    def __str__(self) -> str:
        return f"Search document of project {self.project_id}"
