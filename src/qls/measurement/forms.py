"""Forms for the catalogue, metric, import and API token pages (NHS.UK markup)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from qls.core import periods
from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.measurement.dashboards import RULE_CHOICES
from qls.measurement.importing.expressions import ExpressionError, check_expression
from qls.measurement.models import (
    ChartType,
    Dataset,
    DatasetField,
    ImportKind,
    Metric,
    MetricTrajectory,
    RebasePoint,
    StratumDimension,
)
from qls.organisation.models import QualityDomain, Site, StaffMember, Ward


class CatalogueSearchForm(NHSFormMixin, forms.Form):
    q = forms.CharField(
        label="Search data sets",
        required=False,
        max_length=100,
        help_text="A word from the name, description or a field, for example falls or ethnicity",
    )


class MetricSearchForm(NHSFormMixin, forms.Form):
    q = forms.CharField(label="Search metrics", required=False, max_length=100)


class _OwnerMixin:
    """An owner picked by staff number: the directory is too big for a list."""

    def _clean_owner_number(self) -> StaffMember | None:
        number = (self.cleaned_data.get("owner_number") or "").strip()  # type: ignore[attr-defined]
        if not number:
            return None
        owner = StaffMember.objects.filter(staff_number=number).first()
        if owner is None:
            raise ValidationError(f"No one in the staff directory has staff number {number}")
        return owner


class DatasetForm(ScreenedFormMixin, _OwnerMixin, NHSFormMixin, forms.ModelForm):
    owner_number = forms.CharField(
        label="Owner's staff number",
        required=False,
        max_length=20,
        help_text="The person who answers questions about this data set",
    )
    unscreened_fields = ("owner_number",)

    class Meta:
        model = Dataset
        fields = [
            "name",
            "slug",
            "description",
            "source_system",
            "refresh_cadence",
            "sensitivity",
        ]
        labels = {"slug": "Short name for web addresses", "source_system": "Source system"}
        help_texts = {
            "slug": "Lower case letters, numbers and hyphens; left empty, it is made from the name",
            "description": "What the data set holds, its coverage and known limitations",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.owner_id:
            self.initial["owner_number"] = self.instance.owner.staff_number

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("name", ""))[:100]
        if not slug:
            raise ValidationError("Enter a short name for web addresses")
        clash = Dataset.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(f"Another data set already uses the short name {slug}")
        return slug

    def clean_owner_number(self) -> str:
        self.owner = self._clean_owner_number()
        return self.cleaned_data["owner_number"]

    def dataset_fields(self) -> dict[str, Any]:
        """The cleaned values, as ``actions.save_dataset`` takes them."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**values, "owner": getattr(self, "owner", None)}


class DatasetFieldForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = DatasetField
        fields = ["name", "data_type", "definition"]
        labels = {"name": "Column name", "data_type": "Type"}
        widgets = {"definition": forms.Textarea(attrs={"rows": 2})}


DatasetFieldFormSet = forms.inlineformset_factory(
    Dataset,
    DatasetField,
    form=DatasetFieldForm,
    extra=2,
    can_delete=True,
)


STRATA_COLUMN_FIELDS = {dim: f"strata_column_{dim}" for dim in StratumDimension.values}


class MetricForm(ScreenedFormMixin, _OwnerMixin, NHSFormMixin, forms.ModelForm):
    owner_number = forms.CharField(label="Owner's staff number", required=False, max_length=20)
    strata = forms.MultipleChoiceField(
        label="Can be split by",
        choices=StratumDimension.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The health-inequality views this metric has data for",
    )
    unscreened_fields = (
        "owner_number",
        "record_filter",
        "record_numerator",
        "record_denominator",
    )

    class Meta:
        model = Metric
        fields = [
            "code",
            "name",
            "definition",
            "dataset",
            "unit",
            "chart_type",
            "improvement_direction",
            "frequency",
            "multiplier",
            "target",
            "domain",
            "aim",
            "strata",
            "is_key",
            "active",
            "record_date_column",
            "record_org_unit_column",
            "record_filter",
            "record_numerator",
            "record_denominator",
        ]
        labels = {
            "code": "Code",
            "chart_type": "Chart type",
            "improvement_direction": "Improvement direction",
            "aim": "Strategic aim",
            "domain": "Quality domain",
            "is_key": "Key metric for ward data diagnostics",
            "active": "In use (shown on dashboards)",
            "record_date_column": "Date column",
            "record_org_unit_column": "Ward column",
            "record_filter": "Filter (rows counted)",
            "record_numerator": "Numerator",
            "record_denominator": "Denominator",
        }
        help_texts = {
            "code": "Lower case letters, numbers and hyphens, for example "
            "falls-per-1000-bed-days; files and the API use it",
            "record_date_column": "Column of the record-level extract holding each row's date",
            "record_org_unit_column": "Column holding each row's ward code",
            "record_filter": "A condition over the columns, for example eligible = 'Y'; "
            "empty counts every row",
            "record_numerator": "Summed over the rows kept: 1 counts them, falls adds a "
            "column up, CASE WHEN screened = 'Y' THEN 1 ELSE 0 END counts some",
            "record_denominator": "Summed the same way; empty for a count (c chart)",
        }
        error_messages = {
            "code": {"invalid": "Use only lower case letters, numbers and hyphens in the code"}
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "record_filter": forms.Textarea(attrs={"rows": 2}),
            "record_numerator": forms.Textarea(attrs={"rows": 2}),
            "record_denominator": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dim, label in StratumDimension.choices:
            self.fields[STRATA_COLUMN_FIELDS[dim]] = forms.CharField(
                label=f"{label} column",
                required=False,
                max_length=100,
                help_text=f"Column of the extract holding each row's {label.lower()}",
            )
            self.fields[STRATA_COLUMN_FIELDS[dim]].widget.attrs["class"] = "nhsuk-input"
        self.fields["record_numerator"].required = False
        self.fields["dataset"].required = False
        if self.instance.pk:
            self.initial["strata"] = list(self.instance.strata or [])
            for dim, column in (self.instance.record_strata or {}).items():
                if dim in STRATA_COLUMN_FIELDS:
                    self.initial[STRATA_COLUMN_FIELDS[dim]] = column
            if self.instance.owner_id:
                self.initial["owner_number"] = self.instance.owner.staff_number

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if slugify(code) != code:
            raise ValidationError("Use only lower case letters, numbers and hyphens in the code")
        return code

    def clean_owner_number(self) -> str:
        self.owner = self._clean_owner_number()
        return self.cleaned_data["owner_number"]

    def clean_multiplier(self) -> float:
        value = self.cleaned_data["multiplier"]
        if value is None or value <= 0:
            raise ValidationError("The multiplier must be above zero (1, 100 or 1000)")
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chart = cleaned.get("chart_type")
        multiplier = cleaned.get("multiplier") or 1
        if chart == ChartType.P and multiplier not in (1, 100):
            self.add_error("multiplier", "A p chart shows a proportion: use 1 or 100 (percent)")
        self._clean_record_definition(cleaned)
        return cleaned

    def _clean_record_definition(self, cleaned: dict[str, Any]) -> None:
        date_col = (cleaned.get("record_date_column") or "").strip()
        org_col = (cleaned.get("record_org_unit_column") or "").strip()
        expressions = {
            "record_filter": "filter",
            "record_numerator": "numerator",
            "record_denominator": "denominator",
        }
        used_record = (
            date_col
            or org_col
            or any((cleaned.get(f) or "").strip() not in ("", "1") for f in expressions)
        )
        strata_columns = {
            dim: (cleaned.get(field) or "").strip()
            for dim, field in STRATA_COLUMN_FIELDS.items()
            if (cleaned.get(field) or "").strip()
        }
        chosen = set(cleaned.get("strata") or [])
        for dim in strata_columns:
            if dim not in chosen:
                self.add_error(
                    STRATA_COLUMN_FIELDS[dim],
                    f"Tick {StratumDimension(dim).label} under 'Can be split by', or leave "
                    "this column empty",
                )
        cleaned["record_strata"] = strata_columns
        if not used_record:
            cleaned["record_numerator"] = cleaned.get("record_numerator") or "1"
            return
        if not date_col:
            self.add_error("record_date_column", "Enter the date column of the extract")
        if not org_col:
            self.add_error("record_org_unit_column", "Enter the ward column of the extract")
        dataset = cleaned.get("dataset")
        known = list(dataset.fields.values_list("name", flat=True)) if dataset else []
        columns = known or None
        if columns:
            for field, column in (
                ("record_date_column", date_col),
                ("record_org_unit_column", org_col),
            ):
                if column and column.lower() not in {c.lower() for c in columns}:
                    self.add_error(field, f"{column} is not a field of the data set {dataset}")
        for field, label in expressions.items():
            text = (cleaned.get(field) or "").strip()
            if field == "record_numerator" and not text:
                text = cleaned[field] = "1"
            if not text:
                continue
            try:
                check_expression(text, label=label, columns=columns)
            except ExpressionError as error:
                self.add_error(field, str(error))
        if (
            cleaned.get("chart_type") in (ChartType.P, ChartType.U)
            and not (cleaned.get("record_denominator") or "").strip()
        ):
            self.add_error("record_denominator", "A p or u chart needs a denominator expression")

    def metric_fields(self) -> dict[str, Any]:
        """The cleaned values, as ``actions.save_metric`` takes them."""
        values = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        return {
            **values,
            "owner": getattr(self, "owner", None),
            "strata": list(self.cleaned_data.get("strata") or []),
            "record_strata": self.cleaned_data.get("record_strata") or {},
        }


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


def check_period_start(metric: Metric, period: dt.date) -> dt.date:
    """Refuse a date that does not start a period of the metric's frequency."""
    if metric.frequency == "week" and period.isoweekday() != 1:
        raise ValidationError("Weekly periods start on a Monday: choose a Monday")
    if metric.frequency == "month" and period.day != 1:
        raise ValidationError("Monthly periods start on the 1st: choose the 1st of a month")
    problem = periods.period_problem(period, metric.frequency)
    if problem:
        raise ValidationError(problem[:1].upper() + problem[1:])
    return period


class TrajectoryStepForm(NHSFormMixin, forms.ModelForm):
    """One step of a metric's trajectory: the target from a period onwards."""

    class Meta:
        model = MetricTrajectory
        fields = ["period", "target"]
        labels = {"period": "Target applies from", "target": "Target"}
        help_texts = {
            "period": "The first period of the new target, for example 2025-04-01",
            "target": "In the metric's own units, for example 95 for 95%",
        }

    def __init__(self, *args: Any, metric: Metric, **kwargs: Any) -> None:
        self.metric = metric
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.attrs.update({"class": "nhsuk-input--width-5"})

    def clean_period(self):
        period = check_period_start(self.metric, self.cleaned_data["period"])
        if self.metric.trajectory.filter(period=period).exists():
            raise ValidationError(
                "The trajectory already has a target from that period: remove it first"
            )
        return period


class ImportForm(NHSFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds",
        choices=ImportKind.choices,
        widget=forms.RadioSelect,
        initial=ImportKind.AGGREGATED,
    )
    metric = forms.ModelChoiceField(
        label="Metric (record-level extracts only)",
        queryset=Metric.objects.filter(active=True).exclude(record_date_column=""),
        to_field_name="code",
        required=False,
        help_text="The metric whose definition turns the rows into observations",
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="CSV (saved as 'CSV UTF-8'), XLSX or Parquet",
        error_messages={"required": "Select a CSV, XLSX or Parquet file to import"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.parquet,text/csv"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("kind") == ImportKind.RECORD and not cleaned.get("metric"):
            self.add_error("metric", "Choose the metric a record-level extract is for")
        return cleaned


class ApiTokenForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    name = forms.CharField(
        label="What the token is for",
        max_length=100,
        help_text="For example, Power BI quality dashboard",
        error_messages={"required": "Enter what the token is for"},
    )


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
