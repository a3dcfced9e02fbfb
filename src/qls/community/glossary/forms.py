"""The form for a glossary term."""

from __future__ import annotations

from django import forms

from qls.community.glossary.models import Term
from qls.core.forms import NHSFormMixin


class TermForm(NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Term
        fields = ["term", "definition", "aliases"]
        widgets = {"definition": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "term": {"unique": "That term is already in the glossary. Change it instead."}
        }
