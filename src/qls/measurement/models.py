"""Quality data: datasets, metrics, observations and SPC results.

The shape, from the outside in:

- ``Dataset`` is a catalogue entry for a source of data (a Datix extract, the
  bed-state feed, an audit tool), with ``DatasetField`` rows defining its columns.
- ``Metric`` is one measure built on a dataset: how it is charted (chart type,
  direction, target, frequency, multiplier) and, for record-level extracts,
  how DuckDB turns one row per event into a number per period (date column,
  org unit column, filter, numerator, denominator, strata columns).
- ``Series`` is a metric at one org unit (trust, site or ward) and one stratum
  (``""``/``""`` for everyone). It carries the cached SPC result.
- ``Observation`` is one period of one series. Only aggregated numbers are
  stored; record-level rows never reach the database.
- ``Import`` records where observations came from (who, when, file, hash,
  rows in and out, rejected rows), and drives the progress bar of the
  background job.
- ``ApiToken`` lets Power BI or a warehouse read the API (and push
  observations, with the import permission).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import EXPRESSION_MAX, LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_file_name, validate_no_patient_identifiers
from qls.organisation.models import QualityDomain, Site, StaffMember, StrategicAim, Ward


class Sensitivity(models.TextChoices):
    OPEN = "open", "Open: aggregated, may be published"
    INTERNAL = "internal", "Internal: all staff"
    RESTRICTED = "restricted", "Restricted: small numbers, analysts only at record level"


class RefreshCadence(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    AD_HOC = "ad_hoc", "Ad hoc"


class Frequency(models.TextChoices):
    """How often a metric is measured. Periods are stored as their first day;
    weeks start on Monday, months on the 1st, quarters on 1 January, April,
    July or October (``qls.core.periods``)."""

    DAY = "day", "Daily"
    WEEK = "week", "Weekly"
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"


# How an import's error starts when the metric's definition, not the file, is at fault.
DEFINITION_PROBLEM = "The metric's record-level definition needs fixing, not the file: "


class ChartType(models.TextChoices):
    XMR = "xmr", "XmR (individuals)"
    P = "p", "p chart (proportion)"
    U = "u", "u chart (rate)"
    C = "c", "c chart (count)"
    G = "g", "g chart (events between)"
    T = "t", "t chart (time between)"
    RUN = "run", "Run chart"


class ImprovementDirection(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"
    NEUTRAL = "neutral", "Neither (monitor only)"


class Level(models.TextChoices):
    TRUST = "trust", "Trust"
    SITE = "site", "Site"
    WARD = "ward", "Ward"


class StratumDimension(models.TextChoices):
    """Health-inequality splits a metric may declare. The values inside each
    dimension are free codes (e.g. IMD quintile "1".."5", NHS Data Dictionary
    ethnic category letters, age bands like "65-74", sex "F"/"M")."""

    IMD_QUINTILE = "imd_quintile", "IMD quintile"
    ETHNIC_GROUP = "ethnic_group", "Ethnic group"
    AGE_BAND = "age_band", "Age band"
    SEX = "sex", "Sex"


class Dataset(models.Model):
    """A catalogue entry: one source of quality data and what its columns mean."""

    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    owner = models.ForeignKey(
        StaffMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_datasets",
        help_text="The person who answers questions about this data set.",
    )
    source_system = models.CharField(
        max_length=200,
        help_text="Where the data comes from, for example Datix or the PAS.",
        validators=[validate_no_patient_identifiers],
    )
    refresh_cadence = models.CharField(
        max_length=20, choices=RefreshCadence.choices, default=RefreshCadence.MONTHLY
    )
    last_refreshed = models.DateTimeField(null=True, blank=True)
    sensitivity = models.CharField(
        max_length=20, choices=Sensitivity.choices, default=Sensitivity.INTERNAL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("measurement:dataset", args=[self.slug])


class DatasetField(models.Model):
    """One column of a data set, with its plain-English definition."""

    class DataType(models.TextChoices):
        TEXT = "text", "Text"
        CODE = "code", "Code"
        INTEGER = "integer", "Whole number"
        DECIMAL = "decimal", "Decimal number"
        DATE = "date", "Date"
        DATETIME = "datetime", "Date and time"
        BOOLEAN = "boolean", "Yes/no"

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(
        max_length=100,
        help_text="Column name as it appears in the file.",
        validators=[validate_no_patient_identifiers],
    )
    data_type = models.CharField(max_length=20, choices=DataType.choices, default=DataType.TEXT)
    definition = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dataset", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            *text_limits(definition=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.dataset.name}: {self.name}"


class Metric(models.Model):
    """A measure: what it counts, how it is charted, and (for record-level
    extracts) how rows are aggregated into a value per period and org unit.

    The value of a period is ``numerator / denominator * multiplier`` when the
    metric has a denominator, otherwise ``numerator`` (a count, or a value
    imported as such).
    """

    code = models.SlugField(
        max_length=80, unique=True, help_text="Stable code used in files and the API."
    )
    name = models.CharField(
        max_length=200, unique=True, validators=[validate_no_patient_identifiers]
    )
    definition = models.TextField(
        help_text="What is counted, in plain English.",
        validators=[validate_no_patient_identifiers],
        max_length=LONG_TEXT_MAX,
    )
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="metrics",
    )
    unit = models.CharField(
        max_length=100,
        blank=True,
        help_text='For example "per 1,000 bed days" or "%".',
        validators=[validate_no_patient_identifiers],
    )
    chart_type = models.CharField(max_length=10, choices=ChartType.choices, default=ChartType.XMR)
    improvement_direction = models.CharField(
        max_length=10, choices=ImprovementDirection.choices, default=ImprovementDirection.NEUTRAL
    )
    target = models.FloatField(null=True, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTH)
    multiplier = models.FloatField(
        default=1, help_text="1000 for a rate per 1,000 bed days, 100 for a percentage."
    )
    domain = models.ForeignKey(
        QualityDomain, on_delete=models.PROTECT, null=True, blank=True, related_name="metrics"
    )
    aim = models.ForeignKey(
        StrategicAim, on_delete=models.PROTECT, null=True, blank=True, related_name="metrics"
    )
    owner = models.ForeignKey(
        StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_metrics"
    )
    strata = models.JSONField(
        default=list,
        blank=True,
        help_text="StratumDimension values this metric may be split by.",
    )
    is_key = models.BooleanField(
        default=False, help_text="Shown in the ward data diagnostic of the ward programme."
    )
    active = models.BooleanField(default=True)
    # Record-level definition: DuckDB SQL over the extract's columns. The
    # numerator and denominator are per-row expressions that are summed, so
    # "1" counts rows and "bed_days" adds a column up.
    record_date_column = models.CharField(max_length=100, blank=True)
    record_org_unit_column = models.CharField(
        max_length=100, blank=True, help_text="Column holding the ward code of each row."
    )
    record_filter = models.TextField(
        blank=True,
        help_text="SQL condition choosing the rows counted (blank: every row).",
        max_length=EXPRESSION_MAX,
    )
    record_numerator = models.TextField(blank=True, default="1", max_length=EXPRESSION_MAX)
    record_denominator = models.TextField(
        blank=True,
        help_text="Per-row SQL expression summed; blank for a count.",
        max_length=EXPRESSION_MAX,
    )
    record_strata = models.JSONField(
        default=dict,
        blank=True,
        help_text="Map of stratum dimension to the extract column holding it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(multiplier__gt=0),
                name="%(app_label)s_%(class)s_multiplier_positive",
            ),
            # A record-level definition of a p or u chart that cannot work is
            # refused when it is saved, not when an import tries it.
            models.CheckConstraint(
                condition=~(
                    models.Q(chart_type__in=["p", "u"])
                    & ~models.Q(record_date_column="")
                    & models.Q(record_denominator="")
                ),
                name="%(app_label)s_%(class)s_record_ratio_has_denominator",
                violation_error_message="A p or u chart needs a denominator expression",
            ),
            *text_limits(
                definition=LONG_TEXT_MAX,
                record_filter=EXPRESSION_MAX,
                record_numerator=EXPRESSION_MAX,
                record_denominator=EXPRESSION_MAX,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("measurement:metric", args=[self.code])

    def definition_problem(self) -> str | None:
        """Why the record-level definition cannot aggregate an extract, or None."""
        if not self.has_record_definition:
            return None
        if self.chart_type in (ChartType.P, ChartType.U) and not self.record_denominator.strip():
            return (
                f"it is charted as a {self.chart_type} chart, which needs a denominator "
                "expression, and has none"
            )
        return None

    @property
    def has_denominator(self) -> bool:
        return self.chart_type in (ChartType.P, ChartType.U)

    @property
    def has_record_definition(self) -> bool:
        return bool(self.record_date_column and self.record_org_unit_column)


class MetricTrajectory(models.Model):
    """A target that changes over time: the target from ``period`` onwards."""

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="trajectory")
    period = models.DateField()
    target = models.FloatField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "period"]
        verbose_name_plural = "metric trajectories"
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period"], name="%(app_label)s_%(class)s_unique_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} {self.period}: {self.target}"


class RebasePoint(models.Model):
    """Limits are recalculated from this period, for the reason given.

    A rebase is proposed (by a data analyst) and only changes the charts once
    someone else approves it: the metric's owner. ``created_by`` is who
    proposed it; ``decided_by`` who approved or refused it, never the same
    person. A refused proposal is kept, with its reason, so the history shows
    what was asked and why it was turned down.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for a decision"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="rebase_points")
    period = models.DateField()
    reason = models.TextField(
        validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proposed by",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(
        blank=True, validators=[validate_no_patient_identifiers], max_length=LONG_TEXT_MAX
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["metric", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "period"],
                condition=~models.Q(status="refused"),
                name="%(app_label)s_%(class)s_unique_period",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("created_by")),
                name="%(app_label)s_%(class)s_not_own_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(status="proposed", decided_at__isnull=True)
                | (~models.Q(status="proposed") & models.Q(decided_at__isnull=False)),
                name="%(app_label)s_%(class)s_decision_dated",
            ),
            *text_limits(reason=LONG_TEXT_MAX, decision_reason=LONG_TEXT_MAX),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} rebased {self.period}"

    @property
    def approved(self) -> bool:
        return self.status == self.Status.APPROVED


# Derived SPC result columns, filled in batch by the SPC cache; kept out of the
# audit history because they change on every recompute.
SERIES_CACHE_FIELDS = [
    "variation_icon",
    "assurance_icon",
    "latest_period",
    "latest_value",
    "is_stale",
    "data_changed_at",
    "spc_computed_at",
    "spc_points",
    "spc_summary",
]


class Series(models.Model):
    """One metric at one org unit and one stratum; the unit SPC is computed on.

    A ward series also names the ward's site, so "everything at site S"
    is one filter. ``stratum_dimension``/``stratum_value`` are both ``""``
    for the whole population.
    """

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="series")
    level = models.CharField(max_length=10, choices=Level.choices)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="series"
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="series"
    )
    stratum_dimension = models.CharField(
        max_length=20, blank=True, choices=StratumDimension.choices
    )
    stratum_value = models.CharField(max_length=50, blank=True)

    # SPC cache (see SERIES_CACHE_FIELDS).
    variation_icon = models.CharField(max_length=40, blank=True)
    assurance_icon = models.CharField(max_length=40, blank=True)
    latest_period = models.DateField(null=True, blank=True)
    latest_value = models.FloatField(null=True, blank=True)
    is_stale = models.BooleanField(
        default=True, help_text="Data or definition changed since SPC was last computed."
    )
    data_changed_at = models.DateTimeField(null=True, blank=True)
    spc_computed_at = models.DateTimeField(null=True, blank=True)
    spc_points = models.JSONField(null=True, blank=True)
    spc_summary = models.JSONField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=SERIES_CACHE_FIELDS)

    class Meta:
        verbose_name_plural = "series"
        ordering = ["metric", "level", "site", "ward", "stratum_dimension", "stratum_value"]
        indexes = [
            models.Index(fields=["is_stale"]),
            models.Index(fields=["level", "stratum_dimension"]),
        ]
        constraints = [
            # Three partial constraints, because NULLs are distinct in a
            # plain unique constraint and trust series have no site or ward.
            models.UniqueConstraint(
                fields=["metric", "stratum_dimension", "stratum_value"],
                condition=models.Q(level="trust"),
                name="%(app_label)s_%(class)s_unique_trust",
            ),
            models.UniqueConstraint(
                fields=["metric", "site", "stratum_dimension", "stratum_value"],
                condition=models.Q(level="site"),
                name="%(app_label)s_%(class)s_unique_site",
            ),
            models.UniqueConstraint(
                fields=["metric", "ward", "stratum_dimension", "stratum_value"],
                condition=models.Q(level="ward"),
                name="%(app_label)s_%(class)s_unique_ward",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(level="trust", site__isnull=True, ward__isnull=True)
                    | models.Q(level="site", site__isnull=False, ward__isnull=True)
                    | models.Q(level="ward", site__isnull=False, ward__isnull=False)
                ),
                name="%(app_label)s_%(class)s_org_unit_matches_level",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(stratum_dimension="", stratum_value="")
                    | (~models.Q(stratum_dimension="") & ~models.Q(stratum_value=""))
                ),
                name="%(app_label)s_%(class)s_stratum_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        unit = self.ward or self.site or "Trust"
        stratum = (
            f" [{self.stratum_dimension}={self.stratum_value}]" if self.stratum_dimension else ""
        )
        return f"{self.metric.code} @ {unit}{stratum}"

    @property
    def org_unit_name(self) -> str:
        if self.ward_id:
            return self.ward.name
        if self.site_id:
            return self.site.name
        return "Trust"


class ImportKind(models.TextChoices):
    AGGREGATED = "aggregated", "Aggregated observations"
    RECORD = "record", "Record-level extract"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class ImportSource(models.TextChoices):
    UPLOAD = "upload", "Upload page"
    CLI = "cli", "Command line"
    API = "api", "API"


class Import(models.Model):
    """One import of observations: its provenance, progress and outcome.

    Progress updates use ``QuerySet.update`` so they do not flood the history.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurement_imports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Last sign of life of the running job; a stale one means its worker died.",
    )
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    source = models.CharField(
        max_length=10, choices=ImportSource.choices, default=ImportSource.UPLOAD
    )
    metric = models.ForeignKey(
        Metric,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        help_text="The metric a record-level extract is aggregated for.",
    )
    file_name = models.CharField(max_length=255, validators=[validate_no_patient_identifiers])
    file_path = models.CharField(
        max_length=500,
        blank=True,
        help_text="Where the uploaded file waits for the job; removed when it finishes.",
    )
    sha256 = models.CharField(max_length=64, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    rows_in = models.BigIntegerField(default=0)
    rows_out = models.BigIntegerField(default=0, help_text="Observations written.")
    rows_rejected = models.BigIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    rejected_rows = models.JSONField(
        default=list, blank=True, help_text='List of {"line": n, "reason": "..."}.'
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_max_100",
            )
        ]

    def __str__(self) -> str:
        return f"Import {self.pk}: {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("measurement:import", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def is_definition_problem(self) -> bool:
        """Failed because of the metric's definition, not the file."""
        return self.error.startswith(DEFINITION_PROBLEM)


class Observation(models.Model):
    """One period of one series.

    No audit history here: a full demo holds millions of rows and every
    import rewrites thousands. Provenance is the ``source_import`` (who, when,
    which file and hash), and the Import rows themselves are audited.
    """

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="observations")
    period = models.DateField(help_text="First day of the period (weeks start on Monday).")
    value = models.FloatField()
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    source_import = models.ForeignKey(
        Import,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
    )

    class Meta:
        ordering = ["series", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "period"], name="%(app_label)s_%(class)s_unique_period"
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | models.Q(denominator__gt=0),
                name="%(app_label)s_%(class)s_denominator_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.period}: {self.value}"


class ApiToken(models.Model):
    """A secret that lets a program call the API as its user.

    Only a SHA-256 hash is stored; the token itself is shown once when made.
    ``last_used`` is written with ``QuerySet.update`` to keep it out of the history.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(
        max_length=100,
        help_text="What the token is for, e.g. Power BI.",
        validators=[validate_no_patient_identifiers],
    )
    prefix = models.CharField(max_length=12, help_text="First characters, to recognise it by.")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used"])

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class DataSharingAgreement(models.Model):
    """The signed agreement under which partners share metrics with the system."""

    name = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    signed_on = models.DateField("Date signed")
    document = models.FileField(
        upload_to="sharing-agreements/%Y/",
        max_length=300,
        validators=[validate_file_name],
        help_text="The signed agreement (PDF or Word).",
    )
    organisations = models.ManyToManyField(
        "organisation.Organisation", related_name="sharing_agreements", blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.signed_on:%d %b %Y})"


class MetricShare(models.Model):
    """One organisation sharing its data for one metric with the whole system.

    A share is never edited away: withdrawing it records who, when and why,
    and from then on the data is hidden again (``qls.measurement.sharing``).
    Sharing the metric again is a new row.
    """

    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="shares")
    organisation = models.ForeignKey(
        "organisation.Organisation", on_delete=models.PROTECT, related_name="metric_shares"
    )
    agreement = models.ForeignKey(
        DataSharingAgreement, on_delete=models.PROTECT, related_name="shares"
    )
    shared_from = models.DateField("Shared since")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(
        max_length=LONG_TEXT_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )

    class Meta:
        ordering = ["metric", "organisation", "-created_at"]
        constraints = [
            *text_limits(withdrawal_reason=LONG_TEXT_MAX),
            models.UniqueConstraint(
                fields=["metric", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="%(app_label)s_%(class)s_one_active_share",
                violation_error_message="This organisation already shares this metric.",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                    | (
                        models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                        & ~models.Q(withdrawal_reason="")
                    )
                ),
                name="%(app_label)s_%(class)s_withdrawal_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric.code} shared by {self.organisation}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
