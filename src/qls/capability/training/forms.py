"""Forms for the training pages, in NHS.UK markup (see core.forms)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone

from qls.capability.models import Cohort, Course, Enrolment, TrainingTarget
from qls.capability.training.planner import WEEKDAYS
from qls.capability.training.reports import BREAKDOWNS, GROUPINGS
from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.models import Organisation, Site, StaffGroup, StaffMember
from qls.organisation.staff_field import StaffField


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class CourseForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "name",
            "kind",
            "description",
            "sessions_count",
            "session_interval_days",
            "min_sessions_attended",
            "requires_project",
            "active",
        ]
        labels = {"kind": "Type of course", "active": "Open for new cohorts"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        total, needed = cleaned.get("sessions_count"), cleaned.get("min_sessions_attended")
        if total is not None and total < 1:
            self.add_error("sessions_count", "A course has at least 1 session.")
        elif total and needed is not None and not 1 <= needed <= total:
            self.add_error(
                "min_sessions_attended",
                f"Sessions needed to complete must be between 1 and {total} (the number of "
                "sessions).",
            )
        return cleaned


class CohortForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "start_date", "site", "venue", "capacity", "status", "facilitators"]
        widgets = {
            "start_date": DateInput(),
            "facilitators": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "facilitators": "QSIR associates running the cohort. Hold Ctrl (or Cmd) to pick "
            "more than one.",
            "capacity": "Places available. It cannot go below the places already taken.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = StaffMember.objects.filter(
            Q(cohorts_facilitated__isnull=False)
            | Q(user__groups__name__in=["Improvement team", "QI coach"])
        ).distinct()
        self.fields["facilitators"].required = False
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1


class NewCohortForm(CohortForm):
    """A single cohort; its sessions follow the course's pattern from the start date."""

    course = forms.ModelChoiceField(queryset=Course.objects.filter(active=True))
    start_time = forms.TimeField(required=False, widget=TimeInput(), initial=dt.time(9, 0))
    end_time = forms.TimeField(required=False, widget=TimeInput(), initial=dt.time(16, 30))

    class Meta(CohortForm.Meta):
        fields = ["course", *CohortForm.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "End time must be after the start time.")
        return cleaned


class PlannerForm(NHSFormMixin, forms.Form):
    course = forms.ModelChoiceField(queryset=Course.objects.filter(active=True))
    year = forms.IntegerField(min_value=2000, max_value=2100)
    count = forms.IntegerField(
        label="Number of cohorts",
        min_value=1,
        max_value=60,
        help_text="Spread evenly over the year: 4 start in January, April, July and October.",
    )
    weekday = forms.TypedChoiceField(
        label="Day of the week",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        help_text="Sessions of a multi-session course follow on the same day each week.",
    )
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Cohorts take turns between the sites chosen.",
    )
    each_site = forms.BooleanField(
        label="Run this number of cohorts at every site chosen",
        required=False,
    )
    venue = forms.CharField(
        max_length=200, required=False, help_text="For example, Education Centre, Room 2"
    )
    capacity = forms.IntegerField(label="Places per cohort", min_value=1, max_value=500)
    start_time = forms.TimeField(initial=dt.time(9, 0), widget=TimeInput())
    end_time = forms.TimeField(initial=dt.time(16, 30), widget=TimeInput())
    status = forms.ChoiceField(
        label="Enrolment",
        choices=[
            (Cohort.Status.OPEN, "Open for enrolment at once"),
            (Cohort.Status.PLANNED, "Planned: take applications, allocate places later"),
        ],
        widget=forms.RadioSelect,
        initial=Cohort.Status.OPEN,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + 1

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "End time must be after the start time.")
        return cleaned


class ApplyForm(forms.Form):
    want = forms.ChoiceField(choices=[("place", "place"), ("waitlist", "waiting list")])


class NominateForm(NHSFormMixin, forms.Form):
    staff = StaffField(label="The person you are nominating")
    source = forms.ChoiceField(
        label="Nominated",
        choices=[
            (Enrolment.Source.MANAGER, "By their manager"),
            (Enrolment.Source.WARD_EVENT, "At a ward engagement event"),
        ],
        widget=forms.RadioSelect,
        initial=Enrolment.Source.MANAGER,
    )


class PartnerForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address", max_length=254)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_host=False),
        help_text="The ICB, council, voluntary or other partner organisation they work for.",
    )
    job_role = forms.CharField(label="Job role", max_length=100, required=False)
    if_full = forms.ChoiceField(
        label="If the cohort is full",
        choices=[("waitlist", "Put them on the waiting list"), ("refuse", "Do not enrol them")],
        widget=forms.RadioSelect,
        initial="waitlist",
    )


class CompleteForm(forms.Form):
    project_confirmed = forms.BooleanField(required=False)


class ReportFilterForm(NHSFormMixin, forms.Form):
    course = forms.ModelChoiceField(
        queryset=Course.objects.all(), required=False, empty_label="All courses"
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.all(), required=False, empty_label="All sites"
    )
    staff_group = forms.ChoiceField(
        label="Staff group", choices=[("", "All staff groups"), *StaffGroup.choices], required=False
    )
    period = forms.ChoiceField(
        choices=[("month", "Month"), ("quarter", "Quarter"), ("year", "Year")],
        required=False,
        initial="month",
    )
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())
    target = forms.FloatField(
        label="Target trained per period",
        required=False,
        min_value=0,
        help_text="Drawn as the target line and the trajectory; leave empty for the default.",
    )
    by = forms.ChoiceField(
        label="Self-efficacy by", choices=list(GROUPINGS.items()), required=False, initial="course"
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "'To' must be on or after 'From'.")
        return cleaned


BREAKDOWN_CHOICES = list(BREAKDOWNS.items())


class TrainingTargetForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    """A training target from a month on (the month's 1st whatever day is chosen)."""

    class Meta:
        model = TrainingTarget
        fields = ["course_kind", "per_month", "starts_on", "note"]
        widgets = {"starts_on": DateInput()}

    def clean_per_month(self):
        value = self.cleaned_data["per_month"]
        if value is not None and value < 0:
            raise forms.ValidationError("People a month cannot be negative")
        if value is not None and value > 100_000:
            raise forms.ValidationError("People a month must be 100,000 or fewer")
        return value

    def clean_starts_on(self):
        return self.cleaned_data["starts_on"].replace(day=1)

    def clean(self):
        cleaned = super().clean()
        kind, starts = cleaned.get("course_kind"), cleaned.get("starts_on")
        if (
            kind
            and starts
            and TrainingTarget.objects.filter(course_kind=kind, starts_on=starts).exists()
        ):
            self.add_error(
                "starts_on",
                f"There is already a target for this course from {starts:%B %Y}: remove it first",
            )
        return cleaned
