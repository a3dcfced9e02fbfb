"""The form adding a step to a metric's target trajectory."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from qls.core.forms import NHSFormMixin
from qls.measurement.forms._common import check_period_start
from qls.measurement.models import Metric, MetricTrajectory


class TrajectoryStepForm(NHSFormMixin, forms.ModelForm):
    """One step of a metric's trajectory: the target from a period onwards."""

    class Meta:
        model = MetricTrajectory
        fields = ["period", "target"]
        labels = {"period": "Target applies from", "target": "Target"}
        help_texts = {
            "period": "The first period of the new target, for example 2025-04-01",
            "target": "In the metric's own units, for example 95 for 95%",
        }

    def __init__(self, *args: Any, metric: Metric, **kwargs: Any) -> None:
        self.metric = metric
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.attrs.update({"class": "nhsuk-input--width-5"})

    def clean_period(self):
        period = check_period_start(self.metric, self.cleaned_data["period"])
        if self.metric.trajectory.filter(period=period).exists():
            raise ValidationError(
                "The trajectory already has a target from that period: remove it first"
            )
        return period
