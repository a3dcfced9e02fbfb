"""Forms of a rebase: proposing one, deciding on it, and removing it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX
from qls.core.screening import ScreenedFormMixin
from qls.measurement.forms._common import check_period_start
from qls.measurement.models import Metric, RebasePoint


class RebasePointForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    """An analyst's proposal to recalculate the limits from a period, with its reason."""

    class Meta:
        model = RebasePoint
        fields = ["period", "reason"]
        labels = {"period": "Recalculate limits from", "reason": "Reason"}
        help_texts = {
            "period": "The first period of the new process, for example 2024-06-03",
            "reason": "What changed, for example the new falls bundle adopted on every ward",
        }
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "period": {"required": "Enter the period the limits are recalculated from"},
            "reason": {"required": "Enter the reason: what changed in the process"},
        }

    def __init__(self, *args: Any, metric: Metric, **kwargs: Any) -> None:
        self.metric = metric
        # The trajectory form on the same page has a period too: distinct ids
        # keep each label (and the error summary's link) on its own input.
        kwargs.setdefault("auto_id", "id_rebase_%s")
        super().__init__(*args, **kwargs)

    def clean_period(self):
        from qls.measurement.rebasing import outside_series_problem

        period = check_period_start(self.metric, self.cleaned_data["period"])
        problem = outside_series_problem(self.metric, period)
        if problem:
            raise ValidationError(problem)
        live = self.metric.rebase_points.exclude(status=RebasePoint.Status.REFUSED)
        if live.filter(period=period).exists():
            raise ValidationError("This metric is already rebased, or proposed, from that period")
        return period

    def clean_reason(self):
        reason = (self.cleaned_data.get("reason") or "").strip()
        if not reason:
            raise ValidationError("Enter the reason: what changed in the process")
        return reason


class RebaseDecisionForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    """The owner's decision on a proposed rebase, always with a reason."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve: recalculate the limits"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or refuse the rebase"},
    )
    reason = forms.CharField(
        label="Reason for your decision",
        help_text="For example: the new definition starts that month on every ward",
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason for your decision"},
    )
    unscreened_fields = ("decision",)


class RebaseRemovalForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    """Why a rebase is removed; kept in the audit history (100 characters there)."""

    reason = forms.CharField(
        label="Reason for removing it",
        help_text="Up to 90 characters, for example: entered against the wrong month",
        max_length=90,
        error_messages={
            "required": "Enter the reason for removing the rebase",
            "max_length": "Keep the reason to 90 characters or fewer (it has %(show_value)d)",
        },
    )
