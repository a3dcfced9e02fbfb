"""Forms that build and version accreditation audit templates."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.wards.models.questions import AnswerType


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
