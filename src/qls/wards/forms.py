"""Forms of the ward programme, in NHS.UK markup (see core.forms)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.models import Site, StaffMember, StrategicAim, Ward
from qls.wards.models import (
    AccreditationLevel,
    Action,
    AuditTemplate,
    EngagementEvent,
    Escalation,
    WardJourney,
    WardProgramme,
)
from qls.wards.models.issues import Category
from qls.wards.models.questions import AnswerType


class StaffChoiceField(forms.ModelChoiceField):
    """A member of staff chosen by staff number (the select lists active staff)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", StaffMember.objects.filter(active=True))
        kwargs.setdefault("to_field_name", "staff_number")
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.job_role} ({obj.staff_number})"


def ward_people(ward: Ward):
    """Who a ward's follow-ups can name: its own staff and anyone with a QLS log-in.

    A full trust has 14,000 staff; a select of all of them is unusable.
    """
    return (
        StaffMember.objects.filter(active=True)
        .filter(Q(ward=ward) | Q(user__isnull=False))
        .order_by("last_name", "first_name")
    )


def facilitators():
    """People who may run events: those whose roles carry the run-events permission."""
    return (
        StaffMember.objects.filter(
            active=True,
            user__groups__permissions__codename="run_events",
            user__groups__permissions__content_type__app_label="wards",
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class JourneyForm(NHSFormMixin, forms.ModelForm):
    facilitator = StaffChoiceField(required=False, empty_label="No facilitator yet")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators()

    class Meta:
        model = WardJourney
        fields = ["facilitator", "status"]


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


class CategoriseForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices, label="Category")


class DuplicateForm(forms.Form):
    of = forms.IntegerField(required=False, label="Same as issue")


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


class NominationForm(NHSFormMixin, forms.Form):
    staff = StaffChoiceField(label="Member of staff to nominate", empty_label="Choose a person")


class SurveyImportForm(NHSFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload staff survey results",
        help_text="A CSV or XLSX file with the columns ward, survey, period, theme, score and "
        "(optionally) respondents",
        error_messages={"required": "Select a CSV or XLSX file to import"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
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


# ------------------------------------------------------------------ audit templates


class AuditTemplateForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    name = forms.CharField(
        max_length=200,
        label="Name of the audit",
        error_messages={"required": "Enter the name of the audit"},
    )
    reaudit_months = forms.IntegerField(
        min_value=1,
        max_value=36,
        initial=3,
        label="Re-audit every (months)",
        help_text="A ward is due its next audit this many months after the last.",
        error_messages={"required": "Enter how many months until a ward is audited again"},
    )


class ReauditForm(NHSFormMixin, forms.Form):
    reaudit_months = AuditTemplateForm.base_fields["reaudit_months"]


class AuditSectionForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    title = forms.CharField(
        max_length=200,
        label="Section title",
        error_messages={"required": "Enter the section title"},
    )
    total = forms.IntegerField(
        min_value=1,
        max_value=1000,
        label="Section total",
        help_text=(
            "How much this section counts in the score. "
            "The weights of its questions must add up to this number."
        ),
        error_messages={"required": "Enter the section total"},
    )


class AuditQuestionForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    """One question of a section; left blank, an extra row adds nothing."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        max_length=300, label="Question", error_messages={"required": "Enter the question"}
    )
    hint = forms.CharField(max_length=300, required=False, label="Hint for the auditor")
    evidence = forms.CharField(max_length=300, required=False, label="Evidence to look for")
    answer_type = forms.ChoiceField(
        choices=AnswerType.choices, initial=AnswerType.YES_NO, label="Answer type"
    )
    weight = forms.IntegerField(
        min_value=1,
        max_value=1000,
        initial=1,
        label="Weight",
        error_messages={"required": "Enter the weight"},
    )
    position = forms.IntegerField(
        min_value=1,
        max_value=999,
        required=False,
        label="Position",
        help_text="Questions are shown in this order; left empty, the question goes last.",
    )
    unscreened_fields = ("answer_type",)


AuditQuestionFormSet = forms.formset_factory(AuditQuestionForm, extra=2, can_delete=True)


class NewVersionForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    reason = forms.CharField(
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for the new version",
        help_text="Shown on each ward's score chart where audits move to the new version.",
        error_messages={"required": "Enter the reason for the new version"},
    )


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
