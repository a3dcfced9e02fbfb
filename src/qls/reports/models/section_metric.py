"""A metric at one org unit in a report section, with the person who answers for it."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.measurement.models import Level, Metric
from qls.organisation.models import Site, StaffMember, Ward
from qls.reports.models.section import Section


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
