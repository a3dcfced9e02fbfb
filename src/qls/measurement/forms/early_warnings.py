"""The filters of the early warnings page."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.widgets import DateInput
from qls.measurement.dashboards.filters import RULE_CHOICES
from qls.organisation.models import QualityDomain, Site, Ward


class EarlyWarningFilterForm(NHSFormMixin, forms.Form):
    """Filters of the early warnings page; they combine. A GET form: nothing is saved."""

    unit = forms.ChoiceField(label="Where", required=False)
    domain = forms.ChoiceField(label="Quality domain", required=False)
    rule = forms.ChoiceField(label="Rule", required=False)
    since = forms.DateField(
        label="Signal since",
        required=False,
        widget=DateInput(),
        help_text="Only signals that began on or after this date, for example 2025-01-31",
        error_messages={"invalid": "Signal since must be a real date, like 2025-01-31"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sites = list(Site.objects.filter(series__isnull=False).distinct().order_by("name"))
        wards = Ward.objects.filter(series__isnull=False).distinct().select_related("site")
        by_site: dict[int, list[tuple[str, str]]] = {}
        for w in wards.order_by("name"):
            by_site.setdefault(w.site_id, []).append((w.code, w.name))
        self.fields["unit"].choices = [
            ("", "The whole trust"),
            ("Sites", [(s.code, s.name) for s in sites]),
            *[(f"Wards at {s.name}", by_site[s.pk]) for s in sites if s.pk in by_site],
        ]
        self.fields["domain"].choices = [
            ("", "Any domain"),
            *QualityDomain.objects.order_by("order").values_list("slug", "name"),
        ]
        self.fields["rule"].choices = [("", "Any rule"), *RULE_CHOICES]
        for name in ("unit", "rule"):
            self.fields[name].error_messages["invalid_choice"] = (
                f"{self.fields[name].label}: choose one of the options in the list"
            )
        self.fields["domain"].error_messages["invalid_choice"] = (
            "Quality domain: choose one of the options in the list"
        )
