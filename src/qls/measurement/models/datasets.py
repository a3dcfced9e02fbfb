"""The data catalogue: a source of quality data and the meaning of its columns."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.limits import LONG_TEXT_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers
from qls.measurement.models.choices import RefreshCadence, Sensitivity
from qls.organisation.models import StaffMember


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
