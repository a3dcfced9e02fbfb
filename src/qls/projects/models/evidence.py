"""Per measure, whether a special cause in the direction of improvement followed an adopted change."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.projects.models.driver import DriverNode
from qls.projects.models.measure import Measure
from qls.projects.models.pdsa import PDSACycle


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
