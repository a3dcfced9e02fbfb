"""A metric: what it counts, how it is charted, how record-level rows become a
value per period, and its target trajectory."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import EXPRESSION_MAX, LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.measurement.models.choices import ChartType, Frequency, ImprovementDirection
from qls.measurement.models.datasets import Dataset
from qls.organisation.models import QualityDomain, StaffMember, StrategicAim


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
