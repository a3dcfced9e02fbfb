"""The staff survey results upload form."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin


class SurveyImportForm(NHSFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload staff survey results",
        help_text="A CSV or XLSX file with the columns ward, survey, period, theme, score and "
        "(optionally) respondents",
        error_messages={"required": "Select a CSV or XLSX file to import"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
