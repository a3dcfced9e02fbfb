"""Entering a measure's values: pasted from a spreadsheet or row by row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from qls.core.forms import NHSFormMixin
from qls.core.widgets import DateInput
from qls.projects.models import Measure
from qls.projects.paste import PASTE_MAX_CHARS, check_value, period_start


class PasteForm(NHSFormMixin, forms.Form):
    # Numbers and dates only reach the database; other text is refused by the parser.
    data = forms.CharField(
        label="Paste from a spreadsheet",
        max_length=PASTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        error_messages={"required": "Paste at least one line: a period and a value"},
    )


class ValueRowForm(NHSFormMixin, forms.Form):
    """One row of the data-entry grid."""

    period = forms.DateField(
        label="Period starting",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the period as a real date"},
    )
    value = forms.FloatField(
        label="Value", required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    numerator = forms.FloatField(
        label="Numerator", required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    denominator = forms.FloatField(
        label="Denominator", required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    delete = forms.BooleanField(label="Remove", required=False)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        for f in ("value", "numerator", "denominator"):
            self.fields[f].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-5"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        period = cleaned.get("period")
        numbers = [cleaned.get(f) for f in ("value", "numerator", "denominator")]
        if period is None:
            if any(n is not None for n in numbers) and "period" not in self.errors:
                self.add_error("period", "Enter the date the period starts")
            return cleaned
        if period > timezone.localdate() and not cleaned.get("delete"):
            self.add_error(
                "period",
                f"{period:%d %b %Y} is in the future: enter data only for periods that have begun",
            )
            return cleaned
        cleaned["period"] = period_start(period, self.measure.frequency)
        if cleaned.get("delete"):
            return cleaned
        problem = check_value(
            value=cleaned.get("value"),
            numerator=cleaned.get("numerator"),
            denominator=cleaned.get("denominator"),
            chart_type=self.measure.chart_type,
        )
        if problem:
            field = "numerator" if self.measure.is_ratio else "value"
            self.add_error(field, f"The period starting {period:%d %b %Y} {problem}")
        return cleaned


class BaseValueFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: dict[Any, int] = {}
        for i, form in enumerate(self.forms, start=1):
            period = form.cleaned_data.get("period")
            if period is None or form.cleaned_data.get("delete"):
                continue
            if period in seen:
                raise ValidationError(
                    f"Rows {seen[period]} and {i} are both for the period starting {period:%d %b %Y}"
                )
            seen[period] = i


ValueFormSet = forms.formset_factory(ValueRowForm, formset=BaseValueFormSet, extra=0)
