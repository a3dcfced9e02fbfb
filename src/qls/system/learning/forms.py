"""Forms of the learning pages; every free-text field screened for patient identifiers."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.models import Organisation
from qls.projects.models import Project, Stage
from qls.system.learning.models import (
    Ladder,
    Progress,
    ProgressNote,
    SharedLearning,
    SystemPriority,
    WeSaidWeDid,
)
from qls.system.tenancy import visible_organisations, visible_risks


class EntryForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    """Record or edit a "we said, we did" entry for one of the user's organisations."""

    class Meta:
        model = WeSaidWeDid
        fields = [
            "organisation",
            "title",
            "we_said",
            "heard_by",
            "heard_on",
            "we_did",
            "ladder",
            "status",
            "risk",
            "project",
        ]
        labels = {
            "organisation": "Recorded by",
            "we_said": "What people who use services told us",
            "we_did": "What was done",
            "heard_by": "Partners who heard it",
            "heard_on": "When it was heard",
            "ladder": "Engagement ladder level reached",
            "risk": "Linked quality risk (optional)",
            "project": "Linked project (optional)",
        }
        help_texts = {
            "we_said": "In their words where you can; never a name or NHS number",
            "heard_on": "For example, 14 3 2026",
            "ladder": "How far the people who told us were part of the response",
        }
        widgets = {
            "we_said": forms.Textarea(attrs={"rows": 5}),
            "we_did": forms.Textarea(attrs={"rows": 4}),
            "heard_on": DateInput,
            "heard_by": forms.CheckboxSelectMultiple,
            "ladder": forms.RadioSelect,
        }
        error_messages = {
            "heard_by": {"required": "Choose the partners who heard it"},
            "ladder": {"required": "Choose the engagement ladder level reached"},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).order_by("name")
        self.fields["organisation"].empty_label = None
        self.fields["heard_by"].queryset = Organisation.objects.order_by("name")
        self.fields["ladder"].choices = Ladder.choices
        self.fields["risk"].queryset = visible_risks(user).order_by("title")
        self.fields["project"].queryset = Project.objects.order_by("title")


class LearningForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    """Share learning from a closed project, a risk or an incident theme with chosen partners."""

    class Meta:
        model = SharedLearning
        fields = ["title", "summary", "source", "project", "risk", "theme", "recipients"]
        labels = {
            "source": "Where the learning comes from",
            "project": "Closed project",
            "risk": "Quality risk",
            "recipients": "Partners it goes to",
        }
        help_texts = {
            "project": "When the learning comes from a closed project",
            "risk": "When the learning comes from a quality risk",
            "theme": "When the learning comes from a theme across incidents, in a few words",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "source": forms.RadioSelect,
            "recipients": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "source": {"required": "Choose where the learning comes from"},
            "recipients": {"required": "Choose the partners it goes to"},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = SharedLearning.Source.choices
        self.fields["project"].queryset = Project.objects.filter(stage=Stage.CLOSED).order_by(
            "title"
        )
        self.fields["risk"].queryset = visible_risks(user).order_by("title")
        self.fields["recipients"].queryset = Organisation.objects.order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        source = cleaned.get("source")
        needed = {
            SharedLearning.Source.PROJECT: ("project", "Choose the closed project"),
            SharedLearning.Source.RISK: ("risk", "Choose the quality risk"),
            SharedLearning.Source.THEME: ("theme", "Enter the incident theme"),
        }
        if source in needed:
            name, message = needed[SharedLearning.Source(source)]
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
            for other, _ in needed.values():
                if other != name:
                    cleaned[other] = "" if other == "theme" else None
        return cleaned


class PriorityForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = SystemPriority
        fields = ["title", "description", "lead_organisation", "step"]
        labels = {"step": "National Quality Board step"}
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "step": forms.RadioSelect}
        error_messages = {"step": {"required": "Choose the National Quality Board step"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["lead_organisation"].empty_label = None


class ProgressForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = ProgressNote
        fields = ["progress", "note", "on"]
        labels = {"progress": "Progress now", "note": "What has changed", "on": "As at"}
        widgets = {
            "progress": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
            "on": DateInput,
        }
        error_messages = {"progress": {"required": "Choose the progress now"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["progress"].choices = Progress.choices
