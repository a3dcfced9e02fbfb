"""Observations: the aggregated value of one series for one period."""

from __future__ import annotations

from django.db import models

from qls.measurement.models.imports import Import
from qls.measurement.models.series import Series


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
