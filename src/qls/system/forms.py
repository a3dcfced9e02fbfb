"""Forms of the risk register: raise or edit a risk, change its level, add an action."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.measurement.models import Metric
from qls.organisation.staff_field import StaffField
from qls.projects.models import Project
from qls.system.models import REASON_MAX, QualityRisk, RiskAction
from qls.system.scoring import SCORE_MAX, SCORE_MIN, Level
from qls.system.tenancy import visible_organisations
from qls.system.warnings.queries import visible_intelligence


def score_field(label: str, hint: str) -> forms.IntegerField:
    message = f"{label} must be a whole number from {SCORE_MIN} to {SCORE_MAX}."
    return forms.IntegerField(
        label=label,
        help_text=hint,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": f"Enter the {label.lower()}, from {SCORE_MIN} to {SCORE_MAX}.",
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
        min_value=SCORE_MIN,
        max_value=SCORE_MAX,
    )


class RiskForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    """Raise a risk, or edit one; the escalation level changes only by a decision."""

    owner = StaffField(label="Owner")
    likelihood = score_field(
        "Likelihood", "1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain"
    )
    consequence = score_field(
        "Consequence", "1 negligible, 2 minor, 3 moderate, 4 major, 5 catastrophic"
    )

    class Meta:
        model = QualityRisk
        fields = [
            "organisation",
            "title",
            "description",
            "owner",
            "controls",
            "likelihood",
            "consequence",
            "review_on",
            "metrics",
            "projects",
            "intelligence",
        ]
        labels = {
            "metrics": "Linked metrics",
            "projects": "Linked projects",
            "intelligence": "Linked soft intelligence",
        }
        help_texts = {
            "review_on": "For example, 27 3 2027",
            "metrics": "The measures that show whether the risk is growing or shrinking",
            "projects": "Improvement work that addresses the risk",
            "intelligence": "What has been heard about it, from the risk's own organisation",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "controls": forms.Textarea(attrs={"rows": 4}),
            "review_on": DateInput,
            "metrics": forms.SelectMultiple(attrs={"size": 6}),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
            "intelligence": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).order_by("name")
        self.fields["organisation"].empty_label = None
        self.fields["metrics"].queryset = Metric.objects.order_by("name")
        self.fields["projects"].queryset = Project.objects.order_by("title")
        self.fields["intelligence"].queryset = visible_intelligence(user).select_related(
            "organisation"
        )
        if self.instance.pk:
            self.initial["owner"] = self.instance.owner.staff_number
            self.fields["status"] = forms.ChoiceField(
                label="Status",
                choices=QualityRisk.Status.choices,
                initial=self.instance.status,
                help_text="A closed risk leaves the oversight counts and gets no reminders",
            )
            self.fields["status"].widget.attrs["class"] = "nhsuk-select"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        others = [i for i in cleaned.get("intelligence") or [] if i.organisation != organisation]
        if organisation is not None and others:
            self.add_error(
                "intelligence",
                f"Linked soft intelligence must be about {organisation}, the risk's organisation",
            )
        return cleaned

    def save(self, commit: bool = True) -> QualityRisk:
        if "status" in self.cleaned_data:
            self.instance.status = self.cleaned_data["status"]
        return super().save(commit=commit)


class LevelForm(NHSFormMixin, forms.Form):
    """A change of escalation level; the reason is part of the record."""

    decision = forms.ChoiceField(
        label="New escalation level",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new escalation level."},
    )
    reason = forms.CharField(
        label="Reason for the decision",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the system quality group saw, and why this response fits it",
        error_messages={"required": "Give the reason for changing the escalation level."},
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [(v, label) for v, label in Level.choices if v != current]

    def clean_reason(self) -> str:
        from qls.core.screening import message_for

        reason = self.cleaned_data["reason"].strip()
        if problem := message_for(reason, "the reason for the decision"):
            raise forms.ValidationError(problem, code="patient_identifier")
        return reason


class ActionForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    owner = StaffField(label="Action owner")

    class Meta:
        model = RiskAction
        fields = ["description", "owner", "due_on"]
        labels = {"description": "Action", "due_on": "Due by"}
        widgets = {"due_on": DateInput}
