"""Log a piece of soft intelligence; the summary and source are screened for patient identifiers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.system.tenancy import visible_organisations
from qls.system.warnings.models import SoftIntelligence


class IntelligenceForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = SoftIntelligence
        fields = [
            "organisation",
            "kind",
            "summary",
            "source",
            "received_on",
            "sensitivity",
            "weight",
        ]
        labels = {
            "organisation": "About",
            "kind": "Kind of intelligence",
            "summary": "What was heard",
            "received_on": "When it was received",
            "weight": "How much it weighs",
        }
        help_texts = {
            "summary": "The theme or concern, never a name, NHS number or date of birth",
            "received_on": "For example, 14 3 2026",
            "sensitivity": "Restricted entries never go on a System Quality Group agenda",
            "weight": "Ranks the organisation on the early-warning list",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "received_on": DateInput,
            "kind": forms.RadioSelect,
            "sensitivity": forms.RadioSelect,
            "weight": forms.RadioSelect,
        }
        error_messages = {
            "kind": {"required": "Choose the kind of intelligence"},
            "summary": {"required": "Enter what was heard"},
            "source": {"required": "Enter where it came from"},
            "received_on": {"required": "Enter the date it was received"},
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = visible_organisations(user).order_by("name")
        self.fields["organisation"].empty_label = None
        for name in ("kind", "weight"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0] != ""]

    def clean_received_on(self) -> Any:
        received = self.cleaned_data["received_on"]
        if received and received > timezone.localdate():
            raise forms.ValidationError("The date it was received must be today or in the past")
        return received
