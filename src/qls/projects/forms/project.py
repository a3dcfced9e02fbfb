"""The project details form: title, aims, strategic aims and tags."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.organisation.models import QualityDomain, Site, Specialty, StrategicAim, Ward
from qls.projects.models import (
    Programme,
    Project,
)

AIM_REQUIRED = "Choose at least one strategic aim the project supports"


class ProjectForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    """Register or edit a project's details (the team is managed on the project page)."""

    tags_text = forms.CharField(
        label="Tags",
        required=False,
        max_length=300,
        help_text="Words others might search for, separated by commas, for example falls, night staffing",
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "problem",
            "aim_statement",
            "strategic_aims",
            "domains",
            "site",
            "ward",
            "specialty",
            "start_date",
            "target_date",
            "category",
            "coproduction_level",
            "patient_involvement",
            "programme",
        ]
        labels = {
            "title": "Project title",
            "problem": "Problem statement",
            "aim_statement": "Aim statement",
            "strategic_aims": "Strategic aims",
            "domains": "Quality domains",
            "site": "Site",
            "ward": "Ward or unit",
            "start_date": "Start date",
            "target_date": "Target date",
            "coproduction_level": "Co-production level",
            "patient_involvement": "How patients or the public are involved",
            "programme": "Programme",
        }
        help_texts = {
            "title": "A short name others will recognise, for example 'Fewer falls on Kingfisher Ward'",
            "problem": "What is wrong now, for whom, and how you know",
            "aim_statement": "Specific, measurable and timed: how much, by when, for whom. "
            "For example, 'Reduce falls on Kingfisher Ward by 30% by March 2026'",
            "strategic_aims": "Every project supports at least one of the trust's strategic aims",
            "category": "Fix: a known solution. Improve: test changes to a process. "
            "Change: redesign a system",
            "coproduction_level": "The rung of the ladder of engagement patients and the public are on",
            "programme": "A QSIR cohort, a ward-programme wave or a system-wide team, if any",
            "target_date": "When the aim should be met",
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 4}),
            "aim_statement": forms.Textarea(attrs={"rows": 3}),
            "patient_involvement": forms.Textarea(attrs={"rows": 3}),
            "strategic_aims": forms.CheckboxSelectMultiple,
            "domains": forms.CheckboxSelectMultiple,
            "category": forms.RadioSelect,
            "coproduction_level": forms.RadioSelect,
            "start_date": DateInput,
            "target_date": DateInput,
        }
        error_messages = {
            "strategic_aims": {"required": AIM_REQUIRED},
            "title": {"required": "Enter a project title"},
            "problem": {"required": "Enter the problem statement"},
            "aim_statement": {"required": "Enter the aim statement"},
            "start_date": {
                "required": "Enter the start date",
                "invalid": "Enter the start date as a real date",
            },
            "target_date": {"invalid": "Enter the target date as a real date"},
            "category": {"required": "Choose fix, improve or change"},
            "coproduction_level": {"required": "Choose the co-production level"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["strategic_aims"].queryset = StrategicAim.objects.filter(active=True)
        self.fields["domains"].queryset = QualityDomain.objects.all()
        self.fields["site"].queryset = Site.objects.all()
        self.fields["ward"].queryset = Ward.objects.filter(active=True).select_related("site")
        self.fields["specialty"].queryset = Specialty.objects.all()
        self.fields["programme"].queryset = Programme.objects.all()
        self.fields["site"].empty_label = "Trust-wide or not one site"
        self.fields["ward"].empty_label = "Not one ward or unit"
        self.fields["specialty"].empty_label = "No one specialty"
        self.fields["programme"].empty_label = "Not part of a programme"
        self.fields["category"].choices = Project.Category.choices
        self.fields["coproduction_level"].choices = Project.Coproduction.choices
        if self.instance.pk:
            self.fields["tags_text"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, target = cleaned.get("start_date"), cleaned.get("target_date")
        if start and target and target < start:
            self.add_error("target_date", "The target date must be on or after the start date")
        ward, site = cleaned.get("ward"), cleaned.get("site")
        if ward and site and ward.site_id != site.pk:
            self.add_error("ward", f"{ward.name} is at {ward.site.name}, not {site.name}")
        elif ward and not site:
            cleaned["site"] = ward.site
        if ward and not cleaned.get("specialty") and ward.specialty_id:
            cleaned["specialty"] = ward.specialty
        return cleaned

    def project_fields(self) -> dict[str, Any]:
        """The single-value fields, for the register and update actions."""
        many = {"strategic_aims", "domains"}
        return {k: self.cleaned_data[k] for k in self.Meta.fields if k not in many}
