"""Forms of the celebration of improvement."""

from __future__ import annotations

from django import forms

from qls.community.celebrations.models import (
    ABSTRACT_MAX,
    RUBRIC,
    SCORE_MAX,
    SCORE_MIN,
    AwardCategory,
    CelebrationEvent,
    Submission,
    validate_abstract_words,
)
from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX, TITLE_MAX
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.staff_field import StaffField
from qls.projects.models import Project


class EventForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    categories = forms.CharField(
        label="Award categories",
        help_text="One a line, for example: Patient safety, Staff wellbeing, Best poster.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=LONG_TEXT_MAX,
    )

    class Meta:
        model = CelebrationEvent
        fields = ["name", "date", "venue", "capacity", "submissions_open", "submissions_close"]
        widgets = {
            "date": DateInput(),
            "submissions_open": DateInput(),
            "submissions_close": DateInput(),
        }

    def clean_categories(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["categories"].splitlines()]
        names = list(dict.fromkeys(n for n in names if n))
        if not names:
            raise forms.ValidationError("Name at least one award category")
        too_long = [n for n in names if len(n) > TITLE_MAX]
        if too_long:
            raise forms.ValidationError(
                f"Each award category must be {TITLE_MAX} characters or fewer"
            )
        return names

    def clean(self):
        cleaned = super().clean()
        opens, closes, day = (
            cleaned.get("submissions_open"),
            cleaned.get("submissions_close"),
            cleaned.get("date"),
        )
        if opens and closes and opens > closes:
            self.add_error("submissions_close", "Submissions must close after they open")
        if closes and day and closes > day:
            self.add_error("submissions_close", "Submissions must close on or before the event")
        return cleaned


class SubmissionForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        empty_label="Choose a project",
        help_text="Projects you lead or are a member of. Its A3 poster is drawn from the project.",
    )
    abstract = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=ABSTRACT_MAX,
        validators=[validate_abstract_words],
        help_text=Submission._meta.get_field("abstract").help_text,
    )
    presenter = StaffField(label="Presenter")

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = (
            projects if projects is not None else Project.objects.none()
        )
        self.fields["presenter"].required = True


class ScoreForm(NHSFormMixin, forms.Form):
    """Each criterion as a number; the range is checked by the action so a bad one is named."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading, hint in RUBRIC:
            self.fields[name] = forms.CharField(
                label=f"{heading} ({SCORE_MIN} to {SCORE_MAX})",
                help_text=hint,
                max_length=3,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "nhsuk-input--width-2"}
                ),
            )


class JudgeForm(NHSFormMixin, forms.Form):
    staff = StaffField(label="Judge")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].required = True


class AwardForm(NHSFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        queryset=AwardCategory.objects.none(), label="Award", empty_label="Choose an award"
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = AwardCategory.objects.filter(event=event)


class ProgrammeItemForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    starts_at = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    title = forms.CharField(max_length=TITLE_MAX)
    submission = forms.ModelChoiceField(
        queryset=Submission.objects.none(),
        required=False,
        label="Linked submission",
        empty_label="None",
    )
    presenter = StaffField(
        label="Presenter",
        required=False,
        help_text="Start typing their name and choose them from the list, or give their staff "
        "number or work email; leave blank to use the linked submission's presenter",
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submission"].queryset = Submission.objects.filter(event=event).select_related(
            "project"
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("presenter") and not cleaned.get("submission") and not self.errors:
            self.add_error("presenter", "Name a presenter, or link a submission")
        return cleaned


class GalleryFilterForm(NHSFormMixin, forms.Form):
    """The gallery's filters; each choice list comes from the posters there are."""

    aim = forms.ChoiceField(required=False, label="Strategic aim")
    site = forms.ChoiceField(required=False)
    year = forms.ChoiceField(required=False)
    award = forms.ChoiceField(required=False)

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = [("", "All"), *options]
