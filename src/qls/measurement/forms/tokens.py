"""The form naming a new API token."""

from __future__ import annotations

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin


class ApiTokenForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    name = forms.CharField(
        label="What the token is for",
        max_length=100,
        help_text="For example, Power BI quality dashboard",
        error_messages={"required": "Enter what the token is for"},
    )
