"""Forms of the metric pages: searching metrics and editing one, with its
record-level definition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.measurement.forms._common import _OwnerMixin
from qls.measurement.importing.expressions import ExpressionError, check_expression
from qls.measurement.models import ChartType, Metric, StratumDimension


class MetricSearchForm(NHSFormMixin, forms.Form):
    q = forms.CharField(label="Search metrics", required=False, max_length=100)


STRATA_COLUMN_FIELDS = {dim: f"strata_column_{dim}" for dim in StratumDimension.values}


class MetricForm(ScreenedFormMixin, _OwnerMixin, NHSFormMixin, forms.ModelForm):
    owner_number = forms.CharField(label="Owner's staff number", required=False, max_length=20)
    strata = forms.MultipleChoiceField(
        label="Can be split by",
        choices=StratumDimension.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The health-inequality views this metric has data for",
    )
    unscreened_fields = (
        "owner_number",
        "record_filter",
        "record_numerator",
        "record_denominator",
    )

    class Meta:
        model = Metric
        fields = [
            "code",
            "name",
            "definition",
            "dataset",
            "unit",
            "chart_type",
            "improvement_direction",
            "frequency",
            "multiplier",
            "target",
            "domain",
            "aim",
            "strata",
            "is_key",
            "active",
            "record_date_column",
            "record_org_unit_column",
            "record_filter",
            "record_numerator",
            "record_denominator",
        ]
        labels = {
            "code": "Code",
            "chart_type": "Chart type",
            "improvement_direction": "Improvement direction",
            "aim": "Strategic aim",
            "domain": "Quality domain",
            "is_key": "Key metric for ward data diagnostics",
            "active": "In use (shown on dashboards)",
            "record_date_column": "Date column",
            "record_org_unit_column": "Ward column",
            "record_filter": "Filter (rows counted)",
            "record_numerator": "Numerator",
            "record_denominator": "Denominator",
        }
        help_texts = {
            "code": "Lower case letters, numbers and hyphens, for example "
            "falls-per-1000-bed-days; files and the API use it",
            "record_date_column": "Column of the record-level extract holding each row's date",
            "record_org_unit_column": "Column holding each row's ward code",
            "record_filter": "A condition over the columns, for example eligible = 'Y'; "
            "empty counts every row",
            "record_numerator": "Summed over the rows kept: 1 counts them, falls adds a "
            "column up, CASE WHEN screened = 'Y' THEN 1 ELSE 0 END counts some",
            "record_denominator": "Summed the same way; empty for a count (c chart)",
        }
        error_messages = {
            "code": {"invalid": "Use only lower case letters, numbers and hyphens in the code"}
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "record_filter": forms.Textarea(attrs={"rows": 2}),
            "record_numerator": forms.Textarea(attrs={"rows": 2}),
            "record_denominator": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dim, label in StratumDimension.choices:
            self.fields[STRATA_COLUMN_FIELDS[dim]] = forms.CharField(
                label=f"{label} column",
                required=False,
                max_length=100,
                help_text=f"Column of the extract holding each row's {label.lower()}",
            )
            self.fields[STRATA_COLUMN_FIELDS[dim]].widget.attrs["class"] = "nhsuk-input"
        self.fields["record_numerator"].required = False
        self.fields["dataset"].required = False
        if self.instance.pk:
            self.initial["strata"] = list(self.instance.strata or [])
            for dim, column in (self.instance.record_strata or {}).items():
                if dim in STRATA_COLUMN_FIELDS:
                    self.initial[STRATA_COLUMN_FIELDS[dim]] = column
            if self.instance.owner_id:
                self.initial["owner_number"] = self.instance.owner.staff_number

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if slugify(code) != code:
            raise ValidationError("Use only lower case letters, numbers and hyphens in the code")
        return code

    def clean_owner_number(self) -> str:
        self.owner = self._clean_owner_number()
        return self.cleaned_data["owner_number"]

    def clean_multiplier(self) -> float:
        value = self.cleaned_data["multiplier"]
        if value is None or value <= 0:
            raise ValidationError("The multiplier must be above zero (1, 100 or 1000)")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chart = cleaned.get("chart_type")
        multiplier = cleaned.get("multiplier") or 1
        if chart == ChartType.P and multiplier not in (1, 100):
            self.add_error("multiplier", "A p chart shows a proportion: use 1 or 100 (percent)")
        self._clean_record_definition(cleaned)
        return cleaned

    def _clean_record_definition(self, cleaned: dict[str, Any]) -> None:
        date_col = (cleaned.get("record_date_column") or "").strip()
        org_col = (cleaned.get("record_org_unit_column") or "").strip()
        expressions = {
            "record_filter": "filter",
            "record_numerator": "numerator",
            "record_denominator": "denominator",
        }
        used_record = (
            date_col
            or org_col
            or any((cleaned.get(f) or "").strip() not in ("", "1") for f in expressions)
        )
        strata_columns = {
            dim: (cleaned.get(field) or "").strip()
            for dim, field in STRATA_COLUMN_FIELDS.items()
            if (cleaned.get(field) or "").strip()
        }
        chosen = set(cleaned.get("strata") or [])
        for dim in strata_columns:
            if dim not in chosen:
                self.add_error(
                    STRATA_COLUMN_FIELDS[dim],
                    f"Tick {StratumDimension(dim).label} under 'Can be split by', or leave "
                    "this column empty",
                )
        cleaned["record_strata"] = strata_columns
        if not used_record:
            cleaned["record_numerator"] = cleaned.get("record_numerator") or "1"
            return
        if not date_col:
            self.add_error("record_date_column", "Enter the date column of the extract")
        if not org_col:
            self.add_error("record_org_unit_column", "Enter the ward column of the extract")
        dataset = cleaned.get("dataset")
        known = list(dataset.fields.values_list("name", flat=True)) if dataset else []
        columns = known or None
        if columns:
            for field, column in (
                ("record_date_column", date_col),
                ("record_org_unit_column", org_col),
            ):
                if column and column.lower() not in {c.lower() for c in columns}:
                    self.add_error(field, f"{column} is not a field of the data set {dataset}")
        for field, label in expressions.items():
            text = (cleaned.get(field) or "").strip()
            if field == "record_numerator" and not text:
                text = cleaned[field] = "1"
            if not text:
                continue
            try:
                check_expression(text, label=label, columns=columns)
            except ExpressionError as error:
                self.add_error(field, str(error))
        if (
            cleaned.get("chart_type") in (ChartType.P, ChartType.U)
            and not (cleaned.get("record_denominator") or "").strip()
        ):
            self.add_error("record_denominator", "A p or u chart needs a denominator expression")

    def metric_fields(self) -> dict[str, Any]:
        """The cleaned values, as ``actions.save_metric`` takes them."""
        values = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        return {
            **values,
            "owner": getattr(self, "owner", None),
            "strata": list(self.cleaned_data.get("strata") or []),
            "record_strata": self.cleaned_data.get("record_strata") or {},
        }
