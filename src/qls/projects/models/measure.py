"""A project measure and the values the team enters for it."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import (
    LONG_TEXT_MAX,
    text_limits,
)
from qls.core.screening import validate_no_patient_identifiers
from qls.measurement.models import ChartType, Frequency, ImprovementDirection, Series
from qls.projects.models.project import Project

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
