"""Defining a project measure, from team-entered data or a QLS metric."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.measurement.models import Level, Metric, Series
from qls.organisation.models import Site, Ward
from qls.projects.models import Measure


class MeasureForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    source = forms.ChoiceField(
        label="Where does the data come from?",
        choices=[("project", "The project team enters it"), ("metric", "A QLS metric")],
        initial="project",
        widget=forms.RadioSelect,
    )
    metric = forms.ModelChoiceField(
        label="QLS metric",
        queryset=Metric.objects.none(),
        required=False,
        empty_label="Choose a metric",
    )
    metric_site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.all(), required=False, empty_label="Whole trust"
    )
    metric_ward = forms.ModelChoiceField(
        label="Ward or unit", queryset=Ward.objects.none(), required=False, empty_label="All wards"
    )

    class Meta:
        model = Measure
        fields = [
            "kind",
            "name",
            "operational_definition",
            "unit",
            "improvement_direction",
            "target",
            "chart_type",
            "frequency",
        ]
        labels = {
            "kind": "Type of measure",
            "name": "Measure name",
            "operational_definition": "Operational definition",
            "unit": "Unit",
            "improvement_direction": "Direction of improvement",
            "target": "Target",
            "chart_type": "SPC chart",
            "frequency": "How often is it measured?",
        }
        help_texts = {
            "kind": "Outcome: the aim. Process: whether the changes happen. Balancing: what might get worse",
            "operational_definition": "Exactly what is counted, from where, and how",
            "chart_type": "XmR suits most measures; p for percentages with numerator and denominator, "
            "u for rates, c for counts",
            "target": "Optional; shown as a line on the chart",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "improvement_direction": forms.RadioSelect,
            "operational_definition": forms.Textarea(attrs={"rows": 3}),
            "target": forms.NumberInput(attrs={"step": "any", "class": "nhsuk-input--width-10"}),
        }
        error_messages = {
            "name": {"required": "Enter the measure's name"},
            "kind": {"required": "Choose outcome, process or balancing"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Measure.Kind.choices
        self.fields["improvement_direction"].choices = Measure.Direction.choices
        self.fields["metric"].queryset = Metric.objects.filter(active=True).order_by("name")
        self.fields["metric_ward"].queryset = Ward.objects.filter(active=True).select_related(
            "site"
        )
        series = self.instance.series if self.instance.pk and self.instance.series_id else None
        if series is not None:
            self.fields["source"].initial = "metric"
            self.fields["metric"].initial = series.metric_id
            self.fields["metric_site"].initial = series.site_id
            self.fields["metric_ward"].initial = series.ward_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["series"] = None
        if cleaned.get("source") != "metric":
            return cleaned
        metric = cleaned.get("metric")
        if metric is None:
            self.add_error("metric", "Choose the QLS metric this measure shows")
            return cleaned
        ward, site = cleaned.get("metric_ward"), cleaned.get("metric_site")
        if ward and site and ward.site_id != site.pk:
            self.add_error("metric_ward", f"{ward.name} is at {ward.site.name}, not {site.name}")
            return cleaned
        found = Series.objects.filter(metric=metric, stratum_dimension="")
        if ward:
            found, place = found.filter(level=Level.WARD, ward=ward), ward.name
        elif site:
            found, place = found.filter(level=Level.SITE, site=site), site.name
        else:
            found, place = found.filter(level=Level.TRUST), "the whole trust"
        series = found.first()
        if series is None:
            self.add_error("metric", f"QLS holds no data for {metric.name} at {place} yet")
            return cleaned
        cleaned["series"] = series
        # A linked measure takes the metric's definition, so the chart means the same.
        cleaned["chart_type"] = metric.chart_type
        cleaned["frequency"] = metric.frequency
        cleaned["improvement_direction"] = metric.improvement_direction
        if cleaned.get("target") is None:
            cleaned["target"] = metric.target
        if not cleaned.get("unit"):
            cleaned["unit"] = metric.unit
        return cleaned

    def measure_fields(self) -> dict[str, Any]:
        fields = {k: self.cleaned_data[k] for k in self.Meta.fields}
        fields["series"] = self.cleaned_data.get("series")
        return fields
