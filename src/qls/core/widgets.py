"""The one date input every form uses."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker, ten characters wide, its value in ISO form.

    The ISO format is what ``<input type="date">`` takes as its value, so an
    edit form shows the stored date whatever the locale's date format.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "nhsuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )
