"""A series: a metric at one org unit and stratum, with its cached SPC result."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.measurement.models.choices import Level, StratumDimension
from qls.measurement.models.metrics import Metric
from qls.organisation.models import Site, Ward

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
