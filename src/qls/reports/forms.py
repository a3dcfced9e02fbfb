"""Forms of board reports, in NHS.UK markup (see core.forms)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.measurement.models import Level, Metric
from qls.organisation.models import QualityDomain, Site, StaffMember, StrategicAim, Ward
from qls.reports.errors import PeriodError
from qls.reports.models import Narrative, Report, SectionMetric
from qls.reports.models.report import LAST_OPENING_DAY, MAX_DUE_DAYS, MIN_DUE_DAYS, RESERVED_SLUGS
from qls.reports.models.section import CqcKeyQuestion, SectionKind
from qls.reports.periods import parse_month


class PersonField(forms.ModelChoiceField):
    """Someone with a QLS log-in, chosen from the staff directory."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", StaffMember.objects.filter(active=True, user__isnull=False))
        kwargs.setdefault("to_field_name", "staff_number")
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{obj.full_name}, {obj.job_role} ({obj.staff_number})"


class ReportForm(NHSFormMixin, ScreenedFormMixin, forms.ModelForm):
    executive_lead = PersonField(
        label="Executive lead", help_text="Approves each edition before it is published."
    )

    class Meta:
        model = Report
        fields = [
            "name",
            "slug",
            "audience",
            "description",
            "executive_lead",
            "opens_on_day",
            "narratives_due_days",
        ]
        labels = {"slug": "Short name for the address"}
        widgets = {
            "opens_on_day": forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
            "narratives_due_days": forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
        }
        help_texts = {
            "name": "For example: Quality and Safety Committee — integrated quality report.",
            "slug": "Lower-case letters, numbers and hyphens, for example qsc-iqr.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the lead is chosen by staff number, not by id
            self.initial["executive_lead"] = self.instance.executive_lead
        # Left empty: the usual ten days.
        self.fields["narratives_due_days"].required = False

    def clean_opens_on_day(self):
        day = self.cleaned_data.get("opens_on_day")
        if day is not None and not 1 <= day <= LAST_OPENING_DAY:
            raise ValidationError(
                f"Day of the month the next draft opens must be from 1 to {LAST_OPENING_DAY} "
                f"(a day every month has), not {day}. Leave it empty to open editions by hand."
            )
        return day

    def clean_narratives_due_days(self):
        days = self.cleaned_data.get("narratives_due_days")
        if days is None:
            return Report._meta.get_field("narratives_due_days").default
        if not MIN_DUE_DAYS <= days <= MAX_DUE_DAYS:
            raise ValidationError(
                f"Days owners have to write their narratives must be from {MIN_DUE_DAYS} to "
                f"{MAX_DUE_DAYS}, not {days}."
            )
        return days

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise ValidationError(f'"{slug}" is used by QLS itself: choose another short name.')
        return slug


class SectionForm(NHSFormMixin, forms.Form):
    """A section and its metrics, added in one go: a section is never saved empty."""

    kind = forms.ChoiceField(label="What the section is about", choices=SectionKind.choices)
    domain = forms.ModelChoiceField(
        label="Quality domain", queryset=QualityDomain.objects.all(), required=False
    )
    cqc_question = forms.ChoiceField(
        label="CQC key question",
        choices=[("", "—"), *CqcKeyQuestion.choices],
        required=False,
    )
    aim = forms.ModelChoiceField(
        label="Strategic aim", queryset=StrategicAim.objects.filter(active=True), required=False
    )
    metrics = forms.ModelMultipleChoiceField(
        label="Metrics",
        queryset=Metric.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose at least one.",
    )
    level = forms.ChoiceField(label="Level", choices=Level.choices, initial=Level.TRUST)
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.all(), required=False, help_text="For the site level."
    )
    ward = forms.ModelChoiceField(
        label="Ward",
        queryset=Ward.objects.select_related("site"),
        required=False,
        help_text="For the ward level.",
    )
    owner = PersonField(
        label="Owner of these metrics", help_text="Writes the narrative when one is an exception."
    )

    def clean(self):
        data = super().clean()
        self.clean_subject(data)
        if not data.get("metrics"):
            self.add_error(
                "metrics", "A section needs at least one metric: choose the metrics it reports."
            )
        check_org_unit(self, data)
        return data

    def clean_subject(self, data):
        kind = data.get("kind")
        needed = {SectionKind.DOMAIN: "domain", SectionKind.CQC: "cqc_question"}
        field = needed.get(kind, "aim")
        if kind and not data.get(field):
            self.add_error(field, f"Choose the {self.fields[field].label.lower()}.")


def check_org_unit(form: forms.Form, data: dict, about: str = "") -> None:
    """A site for the site level, a ward for the ward level, named on the field."""
    level = data.get("level")
    if level == Level.SITE and not data.get("site"):
        form.add_error("site", f"{about}Choose the site for metrics at site level.")
    if level == Level.WARD and not data.get("ward"):
        form.add_error("ward", f"{about}Choose the ward for metrics at ward level.")


class SectionEditForm(SectionForm):
    """A section's subject, and metrics to add to it (none is fine when it keeps some)."""

    def __init__(self, *args, section, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.update(
            kind=section.kind,
            domain=section.domain_id,
            cqc_question=section.cqc_question,
            aim=section.aim_id,
        )
        super().__init__(*args, **kwargs)
        metrics = self.fields["metrics"]
        metrics.label = "Add metrics"
        metrics.help_text = "Optional. They join the section with the level and owner below."
        metrics.queryset = metrics.queryset.exclude(
            pk__in=section.metrics.values("metric_id")
        ).order_by("name")
        self.fields["owner"].required = False
        self.fields["owner"].label = "Owner of the added metrics"
        self.fields["level"].label = "Level of the added metrics"

    def clean(self):
        data = forms.Form.clean(self)
        self.clean_subject(data)
        if data.get("metrics"):
            check_org_unit(self, data)
            if not data.get("owner") and "owner" not in self.errors:
                self.add_error("owner", "Choose the owner of the added metrics.")
        return data


class SectionMetricForm(NHSFormMixin, forms.ModelForm):
    """One metric row of a section: where it is reported, who owns it, or remove it."""

    owner = PersonField(label="Owner")
    remove = forms.BooleanField(label="Remove this metric from the section", required=False)

    class Meta:
        model = SectionMetric
        fields = ["level", "site", "ward", "owner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = Ward.objects.select_related("site")
        self.metric_name = self.instance.metric.name if self.instance.pk else ""
        if self.instance.pk:
            self.initial["owner"] = self.instance.owner

    def clean(self):
        data = super().clean()
        if not data.get("remove"):
            check_org_unit(self, data, about=f"{self.metric_name}: ")
        return data

    def _post_clean(self):
        # The row is saved by actions.update_section, which sets the org
        # unit the level keeps; the model's own checks run there.
        pass


SectionMetricFormSet = forms.modelformset_factory(
    SectionMetric, form=SectionMetricForm, extra=0, can_delete=False
)


class EditionForm(NHSFormMixin, forms.Form):
    period = forms.CharField(
        label="Month reported",
        max_length=7,
        help_text="Year and month, for example 2026-03. The data are frozen at its last day.",
    )

    def clean_period(self):
        try:
            return parse_month(self.cleaned_data["period"])
        except PeriodError as error:
            raise ValidationError(str(error)) from error


class NarrativeForm(NHSFormMixin, ScreenedFormMixin, forms.ModelForm):
    class Meta:
        model = Narrative
        fields = ["chart_shows", "why", "actions", "expected"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        help_texts = {
            "actions": "Each action with its owner and date, for example "
            "'Falls huddles on every ward — matron — by 30 April'.",
            "expected": "The month by which the chart should show improvement.",
        }

    def __init__(self, *args, exception: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if exception:
            for field in self.fields.values():
                field.required = True


class CorrectionForm(NHSFormMixin, ScreenedFormMixin, forms.Form):
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="What was wrong in the published edition. Both versions are kept.",
    )
