"""The upload form of the import page."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.measurement.models import ImportKind, Metric


class ImportForm(NHSFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.AGGREGATED,
    )
    metric = forms.ModelChoiceField(
        label="Metric (record-level extracts only)",
        queryset=Metric.objects.filter(active=True).exclude(record_date_column=""),
        to_field_name="code",
        required=False,
        help_text="The metric whose definition turns the rows into observations",
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV (saved as 'CSV UTF-8'), XLSX or Parquet",
        error_messages={"required": "Select a CSV, XLSX or Parquet file to import"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.parquet,text/csv"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == ImportKind.RECORD and not cleaned.get("metric"):
            self.add_error("metric", "Choose the metric a record-level extract is for")
        return cleaned
