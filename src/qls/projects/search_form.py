"""The search box and filters of the project list, read from the query string.

Every filter is a GET parameter, so a filtered list is a link: the registry
dashboard's counts link here, and a list can be bookmarked or shared.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode

from django import forms

from qls.core import periods
from qls.core.forms import NHSFormMixin
from qls.organisation.models import (
    QualityDomain,
    Site,
    Specialty,
    StaffGroup,
    StrategicAim,
    Ward,
)
from qls.projects.models import Project, Stage
from qls.projects.progress import VALUES as PROGRESS_VALUES
from qls.projects.progress import label as progress_label
from qls.projects.search.filters import SearchFilters

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_range(text: str) -> tuple[dt.date, dt.date] | None:
    """``"2025-Q3"`` -> (1 July 2025, 1 October 2025); None if not a quarter."""
    match = QUARTER.match(text or "")
    if not match:
        return None
    year, q = int(match[1]), int(match[2])
    start = dt.date(year, 3 * q - 2, 1)
    return start, periods.add_periods(start, periods.QUARTER, 1)


def quarter_label(start: dt.date) -> str:
    return f"{start.year}-Q{periods.quarter_number(start)}"


class ProjectSearchForm(NHSFormMixin, forms.Form):
    q = forms.CharField(
        label="Search projects",
        required=False,
        max_length=200,
        help_text="Words from the title, problem, aim, change ideas, PDSA notes or lessons, "
        "for example: falls bay nursing",
    )
    site = forms.MultipleChoiceField(
        label="Site", required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence = forms.BooleanField(label="Showed evidence of improvement", required=False)
    stage = forms.MultipleChoiceField(
        label="Stage", required=False, choices=Stage.choices, widget=forms.CheckboxSelectMultiple
    )
    category = forms.MultipleChoiceField(
        label="Category",
        required=False,
        choices=Project.Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    aim = forms.MultipleChoiceField(
        label="Strategic aim", required=False, widget=forms.CheckboxSelectMultiple
    )
    domain = forms.MultipleChoiceField(
        label="Quality domain", required=False, widget=forms.CheckboxSelectMultiple
    )
    ward = forms.ChoiceField(label="Ward or unit", required=False)
    score = forms.ChoiceField(
        label="IHI progress score",
        required=False,
        choices=[
            ("", "Any score"),
            ("none", "Not confirmed yet"),
            *((str(v), progress_label(v)) for v in PROGRESS_VALUES),
        ],
    )
    specialty = forms.ChoiceField(label="Specialty", required=False)
    # Set by links from the registry dashboard; shown as removable filters.
    lead_group = forms.MultipleChoiceField(
        required=False, choices=StaffGroup.choices, widget=forms.MultipleHiddenInput
    )
    registered = forms.CharField(required=False, widget=forms.HiddenInput)
    tag = forms.CharField(required=False, widget=forms.HiddenInput, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = list(Site.objects.values_list("code", "name"))
        self.fields["aim"].choices = [
            (str(n), f"{n}. {t}") for n, t in StrategicAim.objects.values_list("number", "title")
        ]
        self.fields["domain"].choices = list(QualityDomain.objects.values_list("slug", "name"))
        self.fields["ward"].choices = [
            ("", "All wards and units"),
            *(
                (code, f"{name} ({site})")
                for code, name, site in Ward.objects.order_by("site__name", "name").values_list(
                    "code", "name", "site__name"
                )
            ),
        ]
        self.fields["specialty"].choices = [
            ("", "All specialties"),
            *Specialty.objects.values_list("code", "name"),
        ]

    def clean_registered(self) -> str:
        value = self.cleaned_data.get("registered", "")
        if value and quarter_range(value) is None:
            raise forms.ValidationError("Enter a quarter like 2025-Q3")
        return value

    def filters(self) -> SearchFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        span = quarter_range(data.get("registered", ""))
        return SearchFilters(
            sites=data.get("site", []),
            wards=[data["ward"]] if data.get("ward") else [],
            specialties=[data["specialty"]] if data.get("specialty") else [],
            aims=[int(a) for a in data.get("aim", [])],
            domains=data.get("domain", []),
            stages=data.get("stage", []),
            categories=data.get("category", []),
            evidence=bool(data.get("evidence")),
            lead_groups=data.get("lead_group", []),
            registered_from=span[0] if span else None,
            registered_to=span[1] if span else None,
            tags=[data["tag"]] if data.get("tag") else [],
            score=data.get("score", ""),
        )

    def text(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_bound and self.is_valid() else ""

    def active_filters(self) -> list[tuple[str, str]]:
        """(label, link that removes it) for every filter in use, in words."""
        if not (self.is_bound and self.is_valid()):
            return []
        data = self.cleaned_data
        out: list[tuple[str, str]] = []
        for name, field in self.fields.items():
            value = data.get(name)
            if name == "q" or not value:
                continue
            values = value if isinstance(value, list) else [value]
            choices = dict(getattr(field, "choices", []) or [])
            for v in values:
                label = {
                    "evidence": "Showed evidence of improvement",
                    "registered": f"Registered in {v}",
                    "tag": f"Tagged {v}",
                }.get(name) or f"{field.label or 'Lead staff group'}: {choices.get(v, v)}"
                out.append((label, self.url_without(name, v)))
        return out

    def url_without(self, name: str, value: Any) -> str:
        pairs = [
            (k, v)
            for k in self.data
            for v in self.data.getlist(k)
            if k != "page" and not (k == name and (value is True or str(v) == str(value)))
        ]
        return "?" + urlencode(pairs)


class WhatWorkedForm(NHSFormMixin, forms.Form):
    metric = forms.ChoiceField(
        label="Measure", required=False, help_text="A QLS metric projects have improved"
    )
    q = forms.CharField(
        label="Or a topic",
        required=False,
        max_length=200,
        help_text="Words from projects, for example: pressure ulcers",
    )
    elsewhere = forms.BooleanField(label="Only projects at other sites than mine", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from qls.projects.similar import metrics_with_evidence

        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = [
            ("", "Any measure"),
            *metrics_with_evidence().values_list("code", "name"),
        ]
