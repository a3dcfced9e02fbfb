"""Moving a project through its stages: request, decision, reopen and close."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.projects.models import (
    STAGE_ORDER,
    Project,
    Stage,
)


class StageRequestForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label="Move the project to", choices=())
    note = forms.CharField(
        label="Why now?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the team has done that makes it ready",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (s.value, s.label) for s in Stage if s.value not in (project.stage, Stage.CLOSED)
        ]
        following = STAGE_ORDER.index(project.stage) + 1
        if following < len(STAGE_ORDER) - 1:
            self.fields["to_stage"].initial = STAGE_ORDER[following]


class StageDecisionForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    """The coach's approval or refusal of a requested stage change, with a note."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")], widget=forms.HiddenInput
    )
    decision_note = forms.CharField(
        label="Note to the team",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the project being reopened?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the change slipped after the team moved on, so testing starts again",
        error_messages={"required": "Say why the project is being reopened"},
    )


class CloseForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Project.ClosureOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the change spread, was sustained or was stopped"
        },
    )
    reason = forms.CharField(
        label="Reason for closing",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the project is closing"},
    )
