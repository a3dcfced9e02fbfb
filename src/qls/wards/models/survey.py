"""Staff survey results per ward and theme, and the imports that load them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from qls.core.models import FileJob
from qls.core.screening import validate_no_patient_identifiers
from qls.organisation.models import Ward


class SurveyImport(FileJob):
    """One staff survey import: its file, progress and outcome (run as a background job)."""

    filename = models.CharField(max_length=255, validators=[validate_no_patient_identifiers])
    sha256 = models.CharField(max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]

    def get_absolute_url(self) -> str:
        return reverse("wards:survey_import_run", args=[self.pk])

    def __str__(self) -> str:
        return self.filename


class StaffSurveyResult(models.Model):
    """A ward's score on one theme of one staff survey (0 to 10, as the NHS Staff Survey)."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="survey_results")
    survey = models.CharField(
        max_length=100,
        help_text="For example: NHS Staff Survey 2023",
        validators=[validate_no_patient_identifiers],
    )
    period = models.DateField(help_text="When the survey closed")
    theme = models.CharField(max_length=200, validators=[validate_no_patient_identifiers])
    score = models.FloatField()
    respondents = models.PositiveIntegerField(null=True, blank=True)
    source_import = models.ForeignKey(
        SurveyImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["ward", "survey", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "survey", "theme"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=0) & models.Q(score__lte=10),
                name="%(app_label)s_%(class)s_score_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ward.name} {self.survey} {self.theme}: {self.score}"
