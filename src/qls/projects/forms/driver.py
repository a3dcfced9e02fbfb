"""Adding and editing the nodes of a driver diagram."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin


class NodeForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    text = forms.CharField(
        label="Text",
        max_length=300,
        error_messages={"required": "Enter the text of the driver or change idea"},
    )


class AddNodeForm(NodeForm):
    kind = forms.ChoiceField(
        choices=[
            ("primary", "Primary driver"),
            ("secondary", "Secondary driver"),
            ("change_idea", "Change idea"),
        ],
        widget=forms.HiddenInput,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
