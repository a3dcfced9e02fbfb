"""Board and committee reports: definitions, editions with frozen data, narratives.

- ``Report`` is a definition: a name, an audience, an executive lead who
  approves, and ordered ``Section`` rows. A section is a quality domain, a
  CQC key question or a strategic aim, and lists ``SectionMetric`` rows: a
  metric at a level (trust, a site, a ward) with the person who owns it.
- ``Edition`` is the report at a month's cut-off. Opening one freezes the
  SPC result of every section metric as it stood then into ``EditionItem``
  rows (points, limits, icons, target), so a later import or rebase never
  changes what the board read. A correction of a published edition is a new
  edition (``version`` + 1, ``correction_of``, a reason); both are kept.
- ``Narrative`` is an owner's account of an exception (or, optionally, of
  good news).

- ``EditionFile`` is an edition's PDF, deck or spreadsheet, built by a
  background job and kept in storage, so an edition stays one row per version.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.models import FileJob, JobStatus
from qls.core.screening import validate_file_name, validate_no_patient_identifiers
from qls.measurement.models import Level, Metric, Series
from qls.organisation.models import QualityDomain, Site, StaffMember, StrategicAim, Ward

RESERVED_SLUGS = frozenset({"new", "editions"})

# The schedule: a draft opens on a day every month has (1-28), and the
# narratives are due a number of days later, long enough for a reminder
# three days before the due date to come after the draft opened.
LAST_OPENING_DAY = 28
REMINDER_DAYS_BEFORE_DUE = 3
MIN_DUE_DAYS = REMINDER_DAYS_BEFORE_DUE + 1
MAX_DUE_DAYS = 28


class Audience(models.TextChoices):
    BOARD = "board", "Trust board"
    COMMITTEE = "committee", "Board committee"
    SITE = "site", "Site"
    DIVISION = "division", "Division"


class SectionKind(models.TextChoices):
    DOMAIN = "domain", "Quality domain"
    CQC = "cqc", "CQC key question"
    AIM = "aim", "Strategic aim"


class CqcKeyQuestion(models.TextChoices):
    SAFE = "safe", "Safe"
    EFFECTIVE = "effective", "Effective"
    CARING = "caring", "Caring"
    RESPONSIVE = "responsive", "Responsive"
    WELL_LED = "well_led", "Well-led"


class Report(models.Model):
    """A report definition: what goes in it, for whom, and who approves it."""

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    slug = models.SlugField(max_length=80, unique=True)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    executive_lead = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="led_reports",
        help_text="Approves each edition before it is published.",
    )
    opens_on_day = models.PositiveSmallIntegerField(
        "Day of the month the next draft opens",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(LAST_OPENING_DAY)],
        help_text="1 to 28. On this day QLS opens the draft for the month just ended and "
        "emails the owners of exceptions. Leave empty to open editions by hand.",
    )
    narratives_due_days = models.PositiveSmallIntegerField(
        "Days owners have to write their narratives",
        default=10,
        validators=[MinValueValidator(MIN_DUE_DAYS), MaxValueValidator(MAX_DUE_DAYS)],
        help_text=f"{MIN_DUE_DAYS} to {MAX_DUE_DAYS}, counted from the day the draft opens. "
        f"Owners still missing a narrative are reminded {REMINDER_DAYS_BEFORE_DUE} days "
        "before it is due.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [("approve_any_edition", "Approve any report's edition")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(slug__in=sorted(RESERVED_SLUGS)),
                name="%(app_label)s_%(class)s_slug_not_reserved",
            ),
            models.CheckConstraint(
                condition=models.Q(opens_on_day__isnull=True)
                | models.Q(opens_on_day__gte=1, opens_on_day__lte=LAST_OPENING_DAY),
                name="%(app_label)s_%(class)s_opens_on_a_day_every_month_has",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    narratives_due_days__gte=MIN_DUE_DAYS, narratives_due_days__lte=MAX_DUE_DAYS
                ),
                name="%(app_label)s_%(class)s_narratives_due_days_in_range",
            ),
            *text_limits(description=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("reports:report", args=[self.slug])


class Section(models.Model):
    """One part of a report: a quality domain, a CQC key question or a strategic aim."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=SectionKind.choices)
    domain = models.ForeignKey(QualityDomain, on_delete=models.PROTECT, null=True, blank=True)
    cqc_question = models.CharField(max_length=20, choices=CqcKeyQuestion.choices, blank=True)
    aim = models.ForeignKey(StrategicAim, on_delete=models.PROTECT, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="domain", domain__isnull=False, cqc_question="", aim__isnull=True)
                    | models.Q(kind="cqc", domain__isnull=True, aim__isnull=True)
                    & ~models.Q(cqc_question="")
                    | models.Q(kind="aim", domain__isnull=True, cqc_question="", aim__isnull=False)
                ),
                name="%(app_label)s_%(class)s_subject_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.kind == SectionKind.DOMAIN and self.domain_id:
            return self.domain.name
        if self.kind == SectionKind.AIM and self.aim_id:
            return self.aim.title
        return self.get_cqc_question_display()


class SectionMetric(models.Model):
    """A metric at one org unit, in a section, with the person who answers for it."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="metrics")
    order = models.PositiveSmallIntegerField(default=0)
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.TRUST)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True)
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, null=True, blank=True)
    owner = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "order", "pk"]
        constraints = [
            # The same rule as a measurement series: the org unit matches the level.
            models.CheckConstraint(
                condition=(
                    models.Q(level="trust", site__isnull=True, ward__isnull=True)
                    | models.Q(level="site", site__isnull=False, ward__isnull=True)
                    | models.Q(level="ward", ward__isnull=False)
                ),
                name="%(app_label)s_%(class)s_org_unit_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric.name} at {self.org_unit_name}"

    @property
    def org_unit_name(self) -> str:
        if self.ward_id:
            return self.ward.name
        if self.site_id:
            return self.site.name
        return "Trust"

    def series_filter(self) -> dict[str, object]:
        """The whole-population series this row reads."""
        found: dict[str, object] = {
            "metric_id": self.metric_id,
            "level": self.level,
            "stratum_dimension": "",
        }
        if self.level == Level.SITE:
            found["site_id"] = self.site_id
        if self.level == Level.WARD:
            found["ward_id"] = self.ward_id
        return found


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETE = "complete", "Narratives complete"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class Edition(models.Model):
    """A report at a month's cut-off, with its data frozen when it was opened."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="editions")
    period = models.DateField(help_text="First day of the month reported.")
    cutoff = models.DateField(help_text="Data up to and including this day are reported.")
    version = models.PositiveSmallIntegerField(default=1)
    correction_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    status = models.CharField(
        max_length=10, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    snapshot_at = models.DateTimeField(null=True, blank=True)
    # The improvement and capability section counted at the cut-off
    # (``qls.reports.capability``), frozen with the SPC snapshot.
    capability = models.JSONField(null=True, blank=True, editable=False)
    narratives_due = models.DateField(
        null=True, blank=True, help_text="The day the owners' narratives are due."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_by_name = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "-period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "period", "version"],
                name="%(app_label)s_%(class)s_unique_version",
            ),
            models.CheckConstraint(
                condition=models.Q(version=1, correction_of__isnull=True)
                | models.Q(version__gt=1, correction_of__isnull=False)
                & ~models.Q(correction_reason=""),
                name="%(app_label)s_%(class)s_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "published"])
                | models.Q(approved_at__isnull=False),
                name="%(app_label)s_%(class)s_approval_dated",
            ),
            *text_limits(correction_reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        version = f" (version {self.version})" if self.version > 1 else ""
        return f"{self.report.name}: {self.period:%B %Y}{version}"

    def get_absolute_url(self) -> str:
        return reverse("reports:edition", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    @property
    def is_open(self) -> bool:
        """Still being written: narratives and the snapshot may change."""
        return self.status in (EditionStatus.DRAFT, EditionStatus.COMPLETE)


class ItemKind(models.TextChoices):
    EXCEPTION = "exception", "Exception"
    IMPROVEMENT = "improvement", "Good news"
    NONE = "", "Neither"


class EditionItem(models.Model):
    """One section metric's SPC result frozen at the edition's cut-off.

    The names (section, metric, unit, org unit) are copied too, so renaming a
    metric later does not rewrite what an edition said. ``spc_points`` and
    ``spc_summary`` have the shape of ``Series``' own cache columns, so the
    measurement charts draw them unchanged. No points: no data for the period.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items")
    section_order = models.PositiveSmallIntegerField()
    section_title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+")
    metric_name = models.CharField(max_length=200)
    unit = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices)
    org_unit_name = models.CharField(max_length=200)
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    variation_icon = models.CharField(max_length=40, blank=True)
    assurance_icon = models.CharField(max_length=40, blank=True)
    latest_period = models.DateField(null=True, blank=True)
    latest_value = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    spc_points = models.JSONField(null=True, blank=True)
    spc_summary = models.JSONField(null=True, blank=True)
    kind = models.CharField(max_length=12, choices=ItemKind.choices, blank=True)

    class Meta:
        ordering = ["edition", "section_order", "order"]
        indexes = [models.Index(fields=["edition", "kind"])]

    def __str__(self) -> str:
        return f"{self.metric_name} at {self.org_unit_name}"

    @property
    def has_data(self) -> bool:
        return bool(self.latest_period)


class Narrative(models.Model):
    """The owner's account of an exception: what, why, actions, when it improves."""

    item = models.OneToOneField(EditionItem, on_delete=models.CASCADE, related_name="narrative")
    chart_shows = models.TextField(
        "What the chart shows",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    why = models.TextField(
        "Why", blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    actions = models.TextField(
        "Actions, with dates",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    expected = models.TextField(
        "When improvement is expected",
        blank=True,
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            *text_limits(
                chart_shows=LONG_TEXT_MAX,
                why=LONG_TEXT_MAX,
                actions=LONG_TEXT_MAX,
                expected=LONG_TEXT_MAX,
            )
        ]

    def __str__(self) -> str:
        return f"Narrative: {self.item}"

    @property
    def is_complete(self) -> bool:
        """An exception's narrative answers all four questions."""
        return all(
            (v or "").strip() for v in (self.chart_shows, self.why, self.actions, self.expected)
        )


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    PPTX = "pptx", "PowerPoint deck"
    XLSX = "xlsx", "Excel spreadsheet"


def edition_file_path(instance: EditionFile, filename: str) -> str:
    return f"reports/editions/{instance.edition_id}/{filename}"


class EditionFile(FileJob):
    """An edition's file in one format, built by a background job and kept in storage.

    One row per edition and format: building again reuses the row. It shares
    the job fields of ``FileJob`` (status, progress as ``rows_done`` of
    ``rows_total`` steps, heartbeat, error), so the stale-job sweep and the
    progress bar work as for imports; ``file_path`` (an upload waiting for
    its job) stays empty, since here the job writes ``file`` instead.
    ``out_of_date`` is set when a draft changes after the file was built
    (see ``qls.reports.files``): such a file is never served.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(max_length=4, choices=FileFormat.choices)
    file = models.FileField(
        upload_to=edition_file_path,
        max_length=300,
        blank=True,
        validators=[validate_file_name],  # named by QLS, but screened like every file name
    )
    built_at = models.DateTimeField(null=True, blank=True)
    out_of_date = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "format"], name="%(app_label)s_%(class)s_one_per_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.get_format_display()}"

    def get_absolute_url(self) -> str:
        return reverse("reports:file", args=[self.edition_id, self.format])

    @property
    def ready(self) -> bool:
        """Built, current, and safe to download."""
        return self.status == JobStatus.SUCCEEDED and bool(self.file) and not self.out_of_date

    def stopped_reason(self) -> str:
        where = f" after {self.rows_done} of {self.rows_total} steps" if self.rows_total else ""
        return (
            f"Building the {self.get_format_display()} stopped responding{where}, so it was "
            "stopped. No file was kept; build it again."
        )


class NarrativeReminder(models.Model):
    """A reminder emailed to an owner whose narratives an edition still lacks: one each."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="reminders")
    owner = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "owner"], name="%(app_label)s_%(class)s_once_per_owner"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.owner} for {self.edition}"
