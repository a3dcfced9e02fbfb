"""Form helpers that give every Django form the NHS.UK frontend markup."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.limits import name_length_limits

_WIDGET_CLASSES: list[tuple[type, str]] = [
    (forms.CheckboxSelectMultiple, "nhsuk-checkboxes__input"),
    (forms.RadioSelect, "nhsuk-radios__input"),
    (forms.CheckboxInput, "nhsuk-checkboxes__input"),
    (forms.ClearableFileInput, "nhsuk-file-upload"),
    (forms.FileInput, "nhsuk-file-upload"),
    (forms.Textarea, "nhsuk-textarea"),
    (forms.Select, "nhsuk-select"),
    (forms.SelectMultiple, "nhsuk-select"),
    (forms.widgets.Input, "nhsuk-input"),
]


class NHSFormMixin:
    """Adds NHS.UK classes, error states and aria-describedby to every widget.

    Use with ``{% include "core/_field.html" %}`` and the error summary
    partial, so the hint and error message are announced with the input.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        name_length_limits(self.fields)  # type: ignore[attr-defined]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            css = next((c for kind, c in _WIDGET_CLASSES if isinstance(widget, kind)), "")
            if css:
                existing = widget.attrs.get("class", "")
                widget.attrs["class"] = f"{existing} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}-hint"  # type: ignore[attr-defined]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            widget = self.fields[name].widget  # type: ignore[attr-defined]
            widget.attrs["class"] = widget.attrs.get("class", "") + " nhsuk-input--error"
            described = widget.attrs.get("aria-describedby", "")
            error_id = f"id_{self.add_prefix(name)}-error"  # type: ignore[attr-defined]
            widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
