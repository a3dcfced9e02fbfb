"""The places (localities) of the integrated care system (under the ``system`` label).

A place groups the partner organisations that serve one locality, so the
dashboard can show a locality's pooled figures beside its organisations'.
The sharing and dashboard permissions hang on this model's ``Meta`` because
the records they guard (``MetricShare``) live in the measurement app.
"""

from __future__ import annotations

from django.db import models

from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX, text_limits
from qls.core.screening import validate_no_patient_identifiers


class Place(models.Model):
    name = models.CharField(
        max_length=TITLE_MAX, unique=True, validators=[validate_no_patient_identifiers]
    )
    description = models.TextField(
        max_length=LONG_TEXT_MAX, blank=True, validators=[validate_no_patient_identifiers]
    )
    organisations = models.ManyToManyField(
        "organisation.Organisation", related_name="places", blank=True
    )

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_metric_sharing", "Read which metrics are shared with the system"),
            ("share_metric", "Share and withdraw metrics, upload data-sharing agreements"),
            ("view_system_dashboard", "Read the system dashboard of shared metrics"),
        ]
        constraints = [*text_limits(description=LONG_TEXT_MAX)]

    def __str__(self) -> str:
        return self.name
