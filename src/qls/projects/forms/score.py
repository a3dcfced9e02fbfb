"""The coach's IHI progress score for a project."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX
from qls.core.screening import ScreenedFormMixin
from qls.projects.progress import VALUES as PROGRESS_VALUES
from qls.projects.progress import label as progress_label


class FirstRadioSelect(forms.RadioSelect):
    """Radios whose error-summary link goes to the first one, as the NHS.UK pattern asks."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index)


class ProgressScoreForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    """The coach confirms QLS's suggested IHI score, or chooses another with a reason.

    The choice starts at the suggestion: nobody types a score from nothing.
    """

    confirmed = forms.ChoiceField(
        label="IHI progress score",
        choices=[(str(v), progress_label(v)) for v in PROGRESS_VALUES],
        widget=FirstRadioSelect,
        error_messages={
            "required": "Choose the project's IHI progress score",
            "invalid_choice": "Choose a score on the IHI scale, from 0.5 to 5.0 in steps of 0.5",
        },
    )
    reason = forms.CharField(
        label="Reason, if you choose a different score from the suggestion",
        help_text="For example: the change is adopted on one bay only, not yet across the ward",
        required=False,
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suggested = forms.CharField(widget=forms.HiddenInput, max_length=4)
    unscreened_fields = ("confirmed", "suggested")

    def __init__(self, *args: Any, suggestion: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("confirmed", str(suggestion.value))
        kwargs["initial"].setdefault("suggested", str(suggestion.value))
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        confirmed = data.get("confirmed")
        if data.get("suggested") != str(self.suggestion.value):
            # The evidence changed while the page was open: a reason asked for
            # against the old suggestion would be about the wrong thing.
            self.add_error(
                "confirmed",
                f"QLS now suggests {self.suggestion.text}: the project's evidence changed "
                "since the page opened. Check the score again.",
            )
            return data
        if confirmed and confirmed != str(self.suggestion.value) and not data.get("reason"):
            self.add_error(
                "reason",
                f"Enter the reason for choosing {confirmed} when QLS suggests "
                f"{self.suggestion.value}",
            )
        return data
