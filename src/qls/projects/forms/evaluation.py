"""The closing evaluation of a project."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.projects.models import Evaluation


class EvaluationForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "aim_achieved",
            "evidence",
            "sustainability_plan",
            "spread_potential",
            "costs_benefits",
            "lessons_learned",
            "do_differently",
        ]
        labels = {
            "aim_achieved": "Was the aim achieved?",
            "evidence": "Evidence from the measures",
            "sustainability_plan": "Sustainability plan",
            "spread_potential": "Spread potential",
            "costs_benefits": "Costs and benefits",
            "lessons_learned": "Lessons learned",
            "do_differently": "What would you do differently?",
        }
        help_texts = {
            "evidence": "What the SPC charts show; the evidence of improvement found is listed above",
            "sustainability_plan": "Who keeps the change going, and how you will know if it slips",
            "spread_potential": "Where else the change could work",
        }
        widgets = {
            "aim_achieved": forms.RadioSelect,
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in (
                    "evidence",
                    "sustainability_plan",
                    "spread_potential",
                    "costs_benefits",
                    "lessons_learned",
                    "do_differently",
                )
            },
        }
        error_messages = {
            "aim_achieved": {"required": "Say whether the aim was achieved"},
            "evidence": {"required": "Enter the evidence from the measures"},
            "sustainability_plan": {"required": "Enter the sustainability plan"},
            "spread_potential": {"required": "Enter the spread potential"},
            "costs_benefits": {"required": "Enter the costs and benefits"},
            "lessons_learned": {"required": "Enter the lessons learned"},
            "do_differently": {"required": "Enter what you would do differently"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aim_achieved"].choices = Evaluation.AimAchieved.choices
