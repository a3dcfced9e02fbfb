"""A form mixin that screens every free-text field of a form."""

from __future__ import annotations

from collections.abc import Iterable

from qls.core.screening.checks import message_for


class ScreenedFormMixin:
    """Screens every text field of a form (``CharField`` and ``Textarea``).

    Put it before the form class; the error goes on the field, in words that
    name it by its label, and the form is invalid so nothing is saved. List
    names in ``unscreened_fields`` for fields that are not free text.
    """

    unscreened_fields: Iterable[str] = ()

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        from django import forms

        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if name in self.unscreened_fields or not isinstance(field, forms.CharField):
                continue
            # Addresses, slugs and ids people are asked for are not free text.
            if isinstance(field, forms.EmailField | forms.URLField | forms.SlugField):
                continue
            value = cleaned.get(name)
            label = str(field.label or name.replace("_", " ")).lower()
            if isinstance(value, str) and (message := message_for(value, label)):
                self.add_error(name, message)  # type: ignore[attr-defined]
        return cleaned
