"""Forms that set up a ward programme and place a ward in it."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.models import Site
from qls.wards.forms.fields import StaffChoiceField, facilitators
from qls.wards.models import (
    WardJourney,
    WardProgramme,
)


class JourneyForm(NHSFormMixin, forms.ModelForm):
    facilitator = StaffChoiceField(required=False, empty_label="No facilitator yet")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators()

    class Meta:
        model = WardJourney
        fields = ["facilitator", "status"]


class ProgrammeForm(NHSFormMixin, ScreenedFormMixin, forms.ModelForm):
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one site"},
    )

    class Meta:
        model = WardProgramme
        fields = ["name", "start", "end", "wards_per_site_per_wave", "wave_length_months", "sites"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", "The end date must be after the start date")
        for name in ("wards_per_site_per_wave", "wave_length_months"):
            value = cleaned.get(name)
            if value is not None and value < 1:
                self.add_error(name, "Enter a number of 1 or more")
        return cleaned
