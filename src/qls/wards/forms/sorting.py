"""Forms that sort issues into a category or group repeats together."""

from __future__ import annotations

from django import forms

from qls.wards.models.issues import Category


class CategoriseForm(forms.Form):
    category = forms.ChoiceField(choices=Category.choices, label="Category")


class DuplicateForm(forms.Form):
    of = forms.IntegerField(required=False, label="Same as issue")
