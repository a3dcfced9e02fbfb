"""Forms that follow an issue up: a fix, a QI project, an escalation and its response."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.models import StrategicAim
from qls.wards.forms.fields import StaffChoiceField
from qls.wards.models import (
    Action,
    Escalation,
)


class ActionForm(NHSFormMixin, ScreenedFormMixin, forms.ModelForm):
    owner = StaffChoiceField(
        required=False,
        empty_label="Choose an owner",
        help_text="The person who will see the fix through",
    )

    class Meta:
        model = Action
        fields = ["description", "owner", "due"]
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        labels = {"description": "What will be done"}

    def clean_due(self):
        due = self.cleaned_data.get("due")
        if due is None:
            raise forms.ValidationError("Enter the date the action is due")
        return due


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Action.Status.choices)


class ProjectFromIssueForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    title = forms.CharField(max_length=200, label="Project title")
    lead = StaffChoiceField(required=False, empty_label="Choose a lead", label="Project lead")
    aims = forms.ModelMultipleChoiceField(
        queryset=StrategicAim.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        label="Strategic aims the project supports",
        help_text="Choose at least one",
        required=False,
    )


class EscalationForm(NHSFormMixin, forms.ModelForm):
    owner = StaffChoiceField(required=False, empty_label="Choose an owner")

    class Meta:
        model = Escalation
        fields = ["level", "owner"]
        labels = {"level": "Escalate to"}


class ResponseForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    response = forms.CharField(
        label="What we did", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
