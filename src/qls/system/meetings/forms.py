"""Forms of System Quality Group meetings: the meeting, an agenda item, minutes and an action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.staff_field import StaffField, StaffListField
from qls.system.meetings.models import AgendaItem, Meeting, MeetingAction

MEMBERS_MAX = 4_000


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "nhsuk-input--width-20"}, format="%Y-%m-%dT%H:%M")


class MeetingForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    chair = StaffField(label="Chair")
    members_text = StaffListField(
        label="Members",
        max_length=MEMBERS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Staff numbers or work emails of people from the partner organisations, "
        "one a line; the chair is a member too",
        error_messages={"required": "Enter at least one member's staff number or email."},
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "venue", "chair"]
        help_texts = {"starts_at": "For example, 14 1 2027 at 10:00"}
        widgets = {"starts_at": DateTimeInput()}
        error_messages = {
            "starts_at": {
                "required": "Enter the date and time of the meeting.",
                "invalid": "Enter the date and time of the meeting, for example 14 1 2027 10:00.",
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            self.initial["chair"] = self.instance.chair.staff_number
            self.initial["members_text"] = "\n".join(
                m.staff_number for m in self.instance.members.order_by("last_name", "first_name")
            )
            self.fields["status"] = forms.ChoiceField(
                label="Status", choices=Meeting.Status.choices, initial=self.instance.status
            )
            self.fields["status"].widget.attrs["class"] = "nhsuk-select"

    def save(self, commit: bool = True) -> Meeting:
        if "status" in self.cleaned_data:
            self.instance.status = self.cleaned_data["status"]
        meeting = super().save(commit=commit)
        if commit:
            meeting.members.set(self.cleaned_data["members_text"])
        return meeting


class ItemForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    """A free item the lead adds to the agenda."""

    class Meta:
        model = AgendaItem
        fields = ["title"]
        labels = {"title": "Item"}
        error_messages = {"title": {"required": "Enter the item's title."}}


class MinutesForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes", "decisions"]
        labels = {"minutes": "Minutes", "decisions": "Decisions"}
        help_texts = {
            "minutes": "What the group heard and discussed; no patient's details",
            "decisions": "What the group decided",
        }
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class ActionForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    owner = StaffField(label="Action owner", error_messages={"required": "Enter the action owner."})

    class Meta:
        model = MeetingAction
        fields = ["description", "owner", "due_on"]
        labels = {"description": "Action", "due_on": "Due by"}
        widgets = {"due_on": DateInput}
        error_messages = {
            "description": {"required": "Enter the action."},
            "due_on": {"required": "Enter the date the action is due by."},
        }

    def clean_due_on(self) -> Any:
        due = self.cleaned_data["due_on"]
        if due and due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future.")
        return due
