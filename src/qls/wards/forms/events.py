"""Forms of an engagement event: setting it up, raising an issue, nominating staff."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.wards.forms.fields import DateTimeInput, StaffChoiceField, facilitators
from qls.wards.models import (
    EngagementEvent,
)


class EventForm(NHSFormMixin, ScreenedFormMixin, forms.ModelForm):
    facilitator = StaffChoiceField(required=False, empty_label="No facilitator yet")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators()

    class Meta:
        model = EngagementEvent
        fields = ["title", "date", "location", "opens_at", "closes_at", "facilitator"]
        widgets = {"date": DateInput(), "opens_at": DateTimeInput(), "closes_at": DateTimeInput()}
        help_texts = {
            "opens_at": "Staff can raise issues through the link from this time, before the event",
            "closes_at": "After this time the link refuses new issues",
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The closing time must be after the opening time")
        return cleaned


class IssueSubmitForm(NHSFormMixin, forms.Form):
    # Screening happens in actions.submit_issue, so the API and the page share it.
    text = forms.CharField(
        label="What gets in the way of good care on this ward?",
        help_text="One issue at a time. Do not include patient names or NHS numbers.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the issue you want to raise"},
    )
    staff_role = forms.CharField(
        label="Your role (optional)",
        help_text="For example, bank healthcare assistant or agency staff nurse",
        max_length=100,
        required=False,
    )


class NominationForm(NHSFormMixin, forms.Form):
    staff = StaffChoiceField(label="Member of staff to nominate", empty_label="Choose a person")
