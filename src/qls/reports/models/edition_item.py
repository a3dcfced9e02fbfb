"""One section metric's SPC result, frozen into an edition."""

from __future__ import annotations

from django.db import models

from qls.measurement.models import Level, Metric, Series
from qls.organisation.models import StaffMember
from qls.reports.models.edition import Edition


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
