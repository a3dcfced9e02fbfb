"""Forms for coaching, competency evidence, clinics, action learning sets and programmes."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils import timezone

from qls.capability.models import (
    ActionLearningSet,
    Clinic,
    ClinicBooking,
    Coach,
    Cohort,
    Competency,
    CompetencyLevel,
    ImprovementProgramme,
    ProgrammeTeam,
)
from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX
from qls.core.screening import ScreenedFormMixin, validate_file_name
from qls.core.uploads import MB, max_bytes, too_large
from qls.organisation.models import Site, StaffMember, StrategicAim
from qls.organisation.staff_field import StaffField, StaffListField
from qls.projects.models import Project

# Evidence is read by people, not parsed: documents, slides, images and PDFs.
EVIDENCE_TYPES = {
    ".pdf": "PDF",
    ".docx": "Word document",
    ".pptx": "PowerPoint",
    ".xlsx": "Excel workbook",
    ".png": "PNG image",
    ".jpg": "JPEG image",
    ".jpeg": "JPEG image",
    ".txt": "text file",
}
EVIDENCE_HINT = (
    "A PDF, Word, PowerPoint, Excel, PNG, JPEG or text file up to {mb} MB. "
    "Do not include anything that identifies a patient."
)


class ProjectNumberField(forms.IntegerField):
    """A project in the registry, by its number (shown on the project's page)."""

    def __init__(self, *, running_only: bool = False, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("help_text", "The project's number: 42 for a project at /projects/42/")
        super().__init__(**kwargs)
        self.running_only = running_only
        self.widget.attrs.setdefault("class", "nhsuk-input--width-5")

    def clean(self, value):
        number = super().clean(value)
        if number is None:
            return None
        project = Project.objects.filter(pk=number).first()
        if project is None:
            raise forms.ValidationError(f"There is no project number {number}")
        if self.running_only and project.is_closed:
            raise forms.ValidationError(f"Project {number}, {project}, is closed")
        return project


# ------------------------------------------------------------------ coaching


class CoachForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    staff = StaffField(label="Member of staff")

    class Meta:
        model = Coach
        fields = ["staff", "level", "capacity", "sites", "active", "bio"]
        labels = {"level": "Competency level", "active": "Taking on projects"}
        widgets = {
            "sites": forms.CheckboxSelectMultiple,
            "bio": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Which person a coach record belongs to never changes.
            del self.fields["staff"]


class AssignCoachForm(NHSFormMixin, forms.Form):
    project = ProjectNumberField(label="Project number", running_only=True)


class EvidenceForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    competency = forms.ModelChoiceField(
        queryset=Competency.objects.select_related("level"), label="Competency"
    )
    file = forms.FileField(
        label="Upload evidence (optional)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}),
    )
    note = forms.CharField(
        label="What this evidence shows",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, which project or session it comes from and your part in it",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limit is read now, not at import, so it follows the setting.
        self.fields["file"].help_text = EVIDENCE_HINT.format(mb=f"{max_bytes() / MB:g}")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return upload
        suffix = Path(upload.name).suffix.lower()
        if suffix not in EVIDENCE_TYPES:
            raise forms.ValidationError(
                f"{upload.name} is not a file type we accept. Upload a PDF, Word, PowerPoint, "
                "Excel, PNG, JPEG or text file."
            )
        if upload.size > max_bytes():
            raise forms.ValidationError(too_large(upload.name, max_bytes(), upload.size))
        validate_file_name(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (cleaned.get("note") or "").strip() and not self.errors:
            self.add_error("note", "Upload a file or describe the evidence (or both)")
        return cleaned


class SignOffDecisionForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        error_messages={"required": "Choose whether to sign off or return the evidence"},
        choices=[("sign_off", "Sign off"), ("return", "Return for more evidence")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you return evidence: say what more is needed",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "Say what more evidence is needed when returning it")
        return cleaned


class PairingForm(NHSFormMixin, forms.Form):
    mentor = StaffField(label="Mentor")
    mentee = StaffField(label="Mentee")
    started = forms.DateField(
        label="Start date", initial=timezone.localdate, help_text="For example, 15/3/2025"
    )

    def clean(self):
        cleaned = super().clean()
        mentor, mentee = cleaned.get("mentor"), cleaned.get("mentee")
        if mentor and mentee and mentor.pk == mentee.pk:
            self.add_error("mentee", "A person cannot mentor themselves. Choose a different mentee")
        return cleaned


class CoachFilterForm(NHSFormMixin, forms.Form):
    site = forms.ModelChoiceField(
        queryset=Site.objects.all(), to_field_name="code", required=False, empty_label="All sites"
    )
    level = forms.ModelChoiceField(
        label="Competency level",
        queryset=CompetencyLevel.objects.all(),
        required=False,
        empty_label="All levels",
    )
    available = forms.BooleanField(label="Only coaches with capacity left", required=False)


# ------------------------------------------------------------------ clinics


class ClinicForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    online_link = forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        max_length=TITLE_MAX,
        assume_scheme="https",
        help_text="For example, a Microsoft Teams meeting link",
    )

    class Meta:
        model = Clinic
        fields = [
            "title",
            "site",
            "weekday",
            "start_time",
            "end_time",
            "slot_minutes",
            "recurrence",
            "starts_on",
            "venue",
            "online_link",
            "coaches",
            "active",
        ]
        labels = {"active": "Clinic is running", "start_time": "Starts at", "end_time": "Ends at"}
        help_texts = {
            "start_time": "24-hour clock, for example 13:00",
            "end_time": "24-hour clock, for example 15:00",
            "starts_on": "For example, 6/1/2025",
            "coaches": "Coaches take whole clinic days in turn when slots are added",
        }
        widgets = {
            "coaches": forms.CheckboxSelectMultiple,
            "start_time": forms.TimeInput(format="%H:%M"),
            "end_time": forms.TimeInput(format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coaches"].queryset = Coach.objects.filter(active=True).select_related("staff")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The clinic must end after it starts")
        minutes = cleaned.get("slot_minutes")
        if minutes is not None and not 10 <= minutes <= 240:
            self.add_error("slot_minutes", "Slots must be between 10 and 240 minutes long")
        return cleaned


class GenerateSlotsForm(NHSFormMixin, forms.Form):
    weeks = forms.IntegerField(
        label="Weeks ahead",
        min_value=1,
        max_value=26,
        initial=8,
        help_text="Slots are added from today for this many weeks (1 to 26)",
    )


class BookingForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = ClinicBooking
        fields = ["topic", "project"]
        labels = {"project": "Project (optional)"}
        help_texts = {
            "topic": "For example, building a driver diagram, or reading our SPC chart",
        }
        error_messages = {
            "topic": {"required": "Enter what you would like help with"},
        }

    def __init__(self, *args, staff: StaffMember | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # People bring their own projects to a clinic: list the running ones they are on.
        self.fields["project"].queryset = (
            Project.objects.exclude(stage="closed")
            .filter(members__staff=staff)
            .distinct()
            .order_by("title")
            if staff is not None
            else Project.objects.none()
        )
        self.fields["project"].empty_label = "No project"


class SlotCoachForm(NHSFormMixin, forms.Form):
    coach = forms.ModelChoiceField(
        label="Coach",
        queryset=Coach.objects.filter(active=True).select_related("staff"),
        required=False,
        empty_label="No coach yet",
    )


class OutcomeForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Did they attend?",
        error_messages={"required": "Choose whether they attended or did not attend"},
        choices=[
            (ClinicBooking.Status.ATTENDED, "Attended"),
            (ClinicBooking.Status.NO_SHOW, "Did not attend"),
        ],
        widget=forms.RadioSelect,
    )
    outcome_notes = forms.CharField(
        label="Outcome notes",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was discussed and agreed next steps. No patient details",
    )


# ------------------------------------------------------------------ sets


class SetForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    facilitator = StaffField(label="Facilitator")
    members = StaffListField(
        label="Members",
        required=False,
        help_text="Their staff numbers or work emails, separated by commas, spaces or new lines",
    )
    project_numbers = forms.CharField(
        label="Linked project numbers (optional)",
        required=False,
        max_length=TITLE_MAX,
        help_text="The projects members are working on, for example 12, 40",
    )

    class Meta:
        model = ActionLearningSet
        fields = ["name", "purpose", "site", "facilitator", "members", "active"]
        labels = {"active": "Set is meeting", "site": "Site (optional)"}
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}

    unscreened_fields = ("members", "project_numbers", "facilitator")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["project_numbers"] = ", ".join(
                str(pk) for pk in self.instance.projects.values_list("pk", flat=True)
            )

    def clean_project_numbers(self):
        text = self.cleaned_data.get("project_numbers") or ""
        parts = text.replace(",", " ").split()
        bad = [p for p in parts if not p.isdigit()]
        if bad:
            raise forms.ValidationError(f"{bad[0]} is not a project number")
        numbers = list(dict.fromkeys(int(p) for p in parts))
        found = {p.pk: p for p in Project.objects.filter(pk__in=numbers)}
        missing = [str(n) for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError("There is no project number " + ", ".join(missing))
        return [found[n] for n in numbers]

    def save(self, commit=True):
        learning_set = super().save(commit=commit)
        if commit:
            learning_set.projects.set(self.cleaned_data["project_numbers"])
        return learning_set

    def clean(self):
        cleaned = super().clean()
        members = cleaned.get("members")
        if members is not None and len(members) > 12:
            self.add_error("members", "A set works best with 4 to 8 members; 12 at most")
        return cleaned


class MeetingsForm(NHSFormMixin, forms.Form):
    first_date = forms.DateField(label="First meeting", help_text="For example, 3/2/2025")
    count = forms.IntegerField(label="Number of meetings", min_value=1, max_value=12, initial=6)
    every_weeks = forms.IntegerField(
        label="Weeks between meetings", min_value=1, max_value=12, initial=4
    )
    venue = forms.CharField(label="Venue (optional)", required=False, max_length=200)


class AttendanceForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    present = forms.ModelMultipleChoiceField(
        label="Who was there?",
        queryset=StaffMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="Notes for the set",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Themes and actions. Only set members can read these",
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = (
            members if members is not None else StaffMember.objects.none()
        )


# ------------------------------------------------------------------ programmes


class ProgrammeForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        label="Kind of programme",
        choices=ImprovementProgramme.Kind.choices,
        widget=forms.RadioSelect,
    )
    cohort = forms.ModelChoiceField(
        label="Cohort (optional)",
        queryset=Cohort.objects.all(),
        required=False,
        help_text="The QSIR cohort the programme is wrapped around; its participants form the teams",
    )
    description = forms.CharField(
        required=False, max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )


class SplitForm(NHSFormMixin, forms.Form):
    teams = forms.IntegerField(
        label="Number of teams",
        min_value=1,
        max_value=20,
        initial=3,
        help_text="For example, 24 participants in 3 teams gives three teams of 8",
    )


class TeamForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    sro = StaffField(label="Senior responsible officer", required=False)

    class Meta:
        model = ProgrammeTeam
        fields = ["name", "wicked_problem", "sro", "coach"]
        help_texts = {
            "wicked_problem": "The shared system problem the team will work on this year",
        }
        widgets = {"wicked_problem": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = Coach.objects.filter(active=True).select_related("staff")
        self.fields["coach"].required = False


class LinkProjectForm(NHSFormMixin, forms.Form):
    project = ProjectNumberField(label="Existing project number")


class TeamProjectForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    title = forms.CharField(max_length=TITLE_MAX)
    problem = forms.CharField(
        label="Problem statement",
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    aim_statement = forms.CharField(
        label="Aim statement",
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Specific, measurable and timed",
    )
    strategic_aims = forms.ModelMultipleChoiceField(
        label="Strategic aims",
        queryset=StrategicAim.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    lead = StaffField(label="Project lead")
