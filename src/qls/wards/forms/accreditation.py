"""Accreditation forms: starting an audit, setting a level, acting on a failed standard."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.models import Ward
from qls.wards.forms.fields import StaffChoiceField
from qls.wards.models import (
    AccreditationLevel,
    AuditTemplate,
)


class StartAuditForm(NHSFormMixin, forms.Form):
    template = forms.ModelChoiceField(
        queryset=AuditTemplate.objects.filter(active=True), empty_label=None, label="Audit"
    )
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.filter(active=True, in_programme=True).select_related("site"),
        to_field_name="code",
        empty_label="Choose a ward",
    )
    date = forms.DateField(widget=DateInput(), initial=dt.date.today, label="Date of the audit")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date of the audit cannot be in the future")
        return date


class LevelForm(NHSFormMixin, forms.ModelForm):
    class Meta:
        model = AccreditationLevel
        fields = ["min_score", "consecutive_audits"]

    def clean_min_score(self):
        value = self.cleaned_data["min_score"]
        if not 0 <= value <= 100:
            raise forms.ValidationError("Enter a minimum score from 0 to 100")
        return value

    def clean_consecutive_audits(self):
        value = self.cleaned_data["consecutive_audits"]
        if value < 1:
            raise forms.ValidationError("A level needs at least 1 audit at or above its score")
        return value


class StandardActionForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    """A ward action on a standard an audit found failed (see ``standards.raise_action``)."""

    description = forms.CharField(
        label="What will be done",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what will be done to meet the standard"},
    )
    owner = StaffChoiceField(
        label="Owner",
        empty_label="Choose an owner",
        help_text="The person who will see the action through",
        error_messages={"required": "Choose who owns this action"},
    )
    due = forms.DateField(
        label="Due date",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date the action is due",
            "invalid": "Enter the due date as a real date",
        },
    )
