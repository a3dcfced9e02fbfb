"""The coach's decision on recalculating a measure's control limits."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX
from qls.core.screening import ScreenedFormMixin


class RecalculationDecisionForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    """The coach's decision on recalculating a measure's limits, always with a reason."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: recalculate the limits from the start of the shift"),
            ("refuse", "Refuse: keep judging the measure on the limits from before the change"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or refuse the recalculation"},
    )
    reason = forms.CharField(
        label="Reason for your decision",
        help_text="For example: the change is embedded on the ward and the team sustains it",
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason for your decision"},
    )
    unscreened_fields = ("decision",)
