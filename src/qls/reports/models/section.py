"""A report's sections: a quality domain, a CQC key question or a strategic aim."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from qls.organisation.models import QualityDomain, StrategicAim
from qls.reports.models.report import (
    Report,
)


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
