"""Forms for the registry, in NHS.UK markup and screened for patient identifiers.

Every form with free text uses ``ScreenedFormMixin``: an NHS number in any
text field makes the form invalid, with the error on that field, so nothing
is saved.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from qls.accounts.roles import Role
from qls.core.forms import NHSFormMixin
from qls.core.limits import LONG_TEXT_MAX
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.measurement.models import Level, Metric, Series
from qls.organisation.models import QualityDomain, Site, Specialty, StaffMember, StrategicAim, Ward
from qls.organisation.staff_field import StaffField, find_staff
from qls.projects.models import (
    STAGE_ORDER,
    Evaluation,
    Measure,
    PDSACycle,
    Programme,
    Project,
    ProjectMember,
    Stage,
)
from qls.projects.paste import PASTE_MAX_CHARS, check_value, period_start
from qls.projects.progress import VALUES as PROGRESS_VALUES
from qls.projects.progress import label as progress_label

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


class RegisterProjectForm(ProjectForm):
    """Registration adds the first team: lead (by default, you), members, sponsor, coach."""

    lead = StaffField(
        label="Project lead",
        required=False,
        help_text="Leave empty to lead it yourself. Otherwise the lead's staff number or work email",
    )
    members_text = forms.CharField(
        label="Team members",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Staff numbers or work emails, separated by commas or on separate lines",
    )
    sponsor = StaffField(label="Sponsor", required=False)
    coach = forms.ModelChoiceField(
        label="QI coach",
        queryset=StaffMember.objects.none(),
        required=False,
        empty_label="No coach yet",
        help_text="The coach approves moves past scoping",
    )

    # Where in QLS the project was started from (a failed audit standard, say),
    # carried through the form so the owning app can link the project back.
    origin = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    # Fields another page may fill in before the person registering reads and submits.
    PREFILL = ("title", "problem", "aim_statement", "site", "ward", "category", "origin")

    @classmethod
    def initial_from(cls, query: Any) -> dict[str, str]:
        """Initial values from a query string (only the fields in PREFILL, trimmed)."""
        return {
            name: query[name].strip()[:4000]
            for name in cls.PREFILL
            if name in query and query[name].strip()
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from qls.projects.access import can_name_coach, staff_member_of

        self.user_staff = staff_member_of(user)
        if self.user_staff is None:
            self.fields["lead"].required = True
            self.fields[
                "lead"
            ].help_text = (
                "You have no staff directory record, so enter the lead's staff number or work email"
            )
            self.fields["lead"].error_messages["required"] = (
                "Enter the lead's staff number or work email: your account is not linked to "
                "a staff directory record"
            )
        if not can_name_coach(user):
            # The improvement team names coaches; a new project's team asks them for one.
            del self.fields["coach"]
            return
        self.fields["coach"].queryset = (
            StaffMember.objects.filter(user__groups__name=Role.QI_COACH, active=True)
            .select_related("site")
            .order_by("last_name", "first_name")
            .distinct()
        )

    def clean_members_text(self) -> list[StaffMember]:
        text = self.cleaned_data.get("members_text") or ""
        people, unknown = [], []
        for raw in text.replace(";", ",").replace("\n", ",").split(","):
            raw = raw.strip()
            if not raw:
                continue
            staff = find_staff(raw)
            if staff is None:
                unknown.append(raw)
            elif staff not in people:
                people.append(staff)
        if unknown:
            raise ValidationError(
                "No one in the staff directory has the staff number or email "
                + ", ".join(f"'{u}'" for u in unknown)
            )
        return people

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("lead") and "lead" not in self.errors:
            cleaned["lead"] = self.user_staff
        return cleaned


class MemberForm(NHSFormMixin, forms.Form):
    staff = StaffField(
        label="Person", error_messages={"required": "Enter a staff number or work email"}
    )
    role = forms.ChoiceField(
        label="Role on the project",
        choices=ProjectMember.Role.choices,
        initial=ProjectMember.Role.MEMBER,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from qls.projects.access import can_name_coach

        if not can_name_coach(user):
            self.fields["role"].choices = [
                c for c in ProjectMember.Role.choices if c[0] != ProjectMember.Role.COACH
            ]


class StageRequestForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    to_stage = forms.ChoiceField(label="Move the project to", choices=())
    note = forms.CharField(
        label="Why now?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What the team has done that makes it ready",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [
            (s.value, s.label) for s in Stage if s.value not in (project.stage, Stage.CLOSED)
        ]
        following = STAGE_ORDER.index(project.stage) + 1
        if following < len(STAGE_ORDER) - 1:
            self.fields["to_stage"].initial = STAGE_ORDER[following]


class StageDecisionForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    """The coach's approval or refusal of a requested stage change, with a note."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")], widget=forms.HiddenInput
    )
    decision_note = forms.CharField(
        label="Note to the team",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReopenForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the project being reopened?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the change slipped after the team moved on, so testing starts again",
        error_messages={"required": "Say why the project is being reopened"},
    )


class CloseForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Project.ClosureOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the change spread, was sustained or was stopped"
        },
    )
    reason = forms.CharField(
        label="Reason for closing",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the project is closing"},
    )


class EvaluationForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = [
            "aim_achieved",
            "evidence",
            "sustainability_plan",
            "spread_potential",
            "costs_benefits",
            "lessons_learned",
            "do_differently",
        ]
        labels = {
            "aim_achieved": "Was the aim achieved?",
            "evidence": "Evidence from the measures",
            "sustainability_plan": "Sustainability plan",
            "spread_potential": "Spread potential",
            "costs_benefits": "Costs and benefits",
            "lessons_learned": "Lessons learned",
            "do_differently": "What would you do differently?",
        }
        help_texts = {
            "evidence": "What the SPC charts show; the evidence of improvement found is listed above",
            "sustainability_plan": "Who keeps the change going, and how you will know if it slips",
            "spread_potential": "Where else the change could work",
        }
        widgets = {
            "aim_achieved": forms.RadioSelect,
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in (
                    "evidence",
                    "sustainability_plan",
                    "spread_potential",
                    "costs_benefits",
                    "lessons_learned",
                    "do_differently",
                )
            },
        }
        error_messages = {
            "aim_achieved": {"required": "Say whether the aim was achieved"},
            "evidence": {"required": "Enter the evidence from the measures"},
            "sustainability_plan": {"required": "Enter the sustainability plan"},
            "spread_potential": {"required": "Enter the spread potential"},
            "costs_benefits": {"required": "Enter the costs and benefits"},
            "lessons_learned": {"required": "Enter the lessons learned"},
            "do_differently": {"required": "Enter what you would do differently"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["aim_achieved"].choices = Evaluation.AimAchieved.choices


# ---------------------------------------------------------------- driver diagram


class NodeForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    text = forms.CharField(
        label="Text",
        max_length=300,
        error_messages={"required": "Enter the text of the driver or change idea"},
    )


class AddNodeForm(NodeForm):
    kind = forms.ChoiceField(
        choices=[
            ("primary", "Primary driver"),
            ("secondary", "Secondary driver"),
            ("change_idea", "Change idea"),
        ],
        widget=forms.HiddenInput,
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


# ---------------------------------------------------------------- PDSA


class CycleForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    class Meta:
        model = PDSACycle
        fields = [
            "title",
            "previous",
            "plan_what",
            "plan_who",
            "plan_where",
            "plan_when",
            "prediction",
            "started_on",
            "do_notes",
            "study_notes",
            "act_decision",
            "ended_on",
            "act_notes",
        ]
        labels = {
            "title": "Short name for this test",
            "previous": "Builds on",
            "plan_what": "Plan: what will you test?",
            "plan_who": "Who will do it?",
            "plan_where": "Where?",
            "plan_when": "When?",
            "prediction": "What do you predict will happen?",
            "started_on": "Date the test started",
            "do_notes": "Do: what happened?",
            "study_notes": "Study: the result against your prediction",
            "act_decision": "Act: what did you decide?",
            "ended_on": "Date of the decision",
            "act_notes": "Next steps",
        }
        help_texts = {
            "previous": "The earlier cycle this one ramps up from, if any",
            "ended_on": "Needed with a decision; an adopted change is dated from here on the charts",
        }
        widgets = {
            "plan_what": forms.Textarea(attrs={"rows": 3}),
            "prediction": forms.Textarea(attrs={"rows": 2}),
            "do_notes": forms.Textarea(attrs={"rows": 3}),
            "study_notes": forms.Textarea(attrs={"rows": 3}),
            "act_notes": forms.Textarea(attrs={"rows": 2}),
            "act_decision": forms.RadioSelect,
            "started_on": DateInput,
            "ended_on": DateInput,
        }
        error_messages = {
            "plan_what": {"required": "Enter what you will test"},
            "prediction": {"required": "Enter what you predict will happen"},
            "started_on": {"invalid": "Enter the start date as a real date"},
            "ended_on": {"invalid": "Enter the decision date as a real date"},
        }

    def __init__(self, *args: Any, change_idea: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        earlier = PDSACycle.objects.filter(change_idea=change_idea)
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk)
        self.fields["previous"].queryset = earlier.order_by("number")
        self.fields["previous"].empty_label = "None: this is a first test"
        self.fields["previous"].label_from_instance = lambda c: (
            f"PDSA {c.number}" + (f": {c.title}" if c.title else "")
        )
        self.fields["act_decision"].choices = [("", "Not decided yet"), *PDSACycle.Act.choices]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("act_decision")
            and not cleaned.get("ended_on")
            and "ended_on" not in self.errors
        ):
            self.add_error("ended_on", "Enter the date of the decision to adopt, adapt or abandon")
        start, end = cleaned.get("started_on"), cleaned.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The decision date must be on or after the start date")
        today = timezone.localdate()
        if end and end > today:
            self.add_error(
                "ended_on", "The decision date is in the future: record the decision once made"
            )
        happened = any(
            (cleaned.get(f) or "").strip() for f in ("do_notes", "study_notes", "act_notes")
        )
        if start and start > today and (happened or cleaned.get("act_decision")):
            self.add_error(
                "started_on",
                "The start date is in the future, but the test is recorded as done: "
                "correct the date, or leave the do, study and act parts until it has run",
            )
        return cleaned


# ---------------------------------------------------------------- measures


class MeasureForm(ScreenedFormMixin, NHSFormMixin, forms.ModelForm):
    source = forms.ChoiceField(
        label="Where does the data come from?",
        choices=[("project", "The project team enters it"), ("metric", "A QLS metric")],
        initial="project",
        widget=forms.RadioSelect,
    )
    metric = forms.ModelChoiceField(
        label="QLS metric",
        queryset=Metric.objects.none(),
        required=False,
        empty_label="Choose a metric",
    )
    metric_site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.all(), required=False, empty_label="Whole trust"
    )
    metric_ward = forms.ModelChoiceField(
        label="Ward or unit", queryset=Ward.objects.none(), required=False, empty_label="All wards"
    )

    class Meta:
        model = Measure
        fields = [
            "kind",
            "name",
            "operational_definition",
            "unit",
            "improvement_direction",
            "target",
            "chart_type",
            "frequency",
        ]
        labels = {
            "kind": "Type of measure",
            "name": "Measure name",
            "operational_definition": "Operational definition",
            "unit": "Unit",
            "improvement_direction": "Direction of improvement",
            "target": "Target",
            "chart_type": "SPC chart",
            "frequency": "How often is it measured?",
        }
        help_texts = {
            "kind": "Outcome: the aim. Process: whether the changes happen. Balancing: what might get worse",
            "operational_definition": "Exactly what is counted, from where, and how",
            "chart_type": "XmR suits most measures; p for percentages with numerator and denominator, "
            "u for rates, c for counts",
            "target": "Optional; shown as a line on the chart",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "improvement_direction": forms.RadioSelect,
            "operational_definition": forms.Textarea(attrs={"rows": 3}),
            "target": forms.NumberInput(attrs={"step": "any", "class": "nhsuk-input--width-10"}),
        }
        error_messages = {
            "name": {"required": "Enter the measure's name"},
            "kind": {"required": "Choose outcome, process or balancing"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Measure.Kind.choices
        self.fields["improvement_direction"].choices = Measure.Direction.choices
        self.fields["metric"].queryset = Metric.objects.filter(active=True).order_by("name")
        self.fields["metric_ward"].queryset = Ward.objects.filter(active=True).select_related(
            "site"
        )
        series = self.instance.series if self.instance.pk and self.instance.series_id else None
        if series is not None:
            self.fields["source"].initial = "metric"
            self.fields["metric"].initial = series.metric_id
            self.fields["metric_site"].initial = series.site_id
            self.fields["metric_ward"].initial = series.ward_id

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["series"] = None
        if cleaned.get("source") != "metric":
            return cleaned
        metric = cleaned.get("metric")
        if metric is None:
            self.add_error("metric", "Choose the QLS metric this measure shows")
            return cleaned
        ward, site = cleaned.get("metric_ward"), cleaned.get("metric_site")
        if ward and site and ward.site_id != site.pk:
            self.add_error("metric_ward", f"{ward.name} is at {ward.site.name}, not {site.name}")
            return cleaned
        found = Series.objects.filter(metric=metric, stratum_dimension="")
        if ward:
            found, place = found.filter(level=Level.WARD, ward=ward), ward.name
        elif site:
            found, place = found.filter(level=Level.SITE, site=site), site.name
        else:
            found, place = found.filter(level=Level.TRUST), "the whole trust"
        series = found.first()
        if series is None:
            self.add_error("metric", f"QLS holds no data for {metric.name} at {place} yet")
            return cleaned
        cleaned["series"] = series
        # A linked measure takes the metric's definition, so the chart means the same.
        cleaned["chart_type"] = metric.chart_type
        cleaned["frequency"] = metric.frequency
        cleaned["improvement_direction"] = metric.improvement_direction
        if cleaned.get("target") is None:
            cleaned["target"] = metric.target
        if not cleaned.get("unit"):
            cleaned["unit"] = metric.unit
        return cleaned

    def measure_fields(self) -> dict[str, Any]:
        fields = {k: self.cleaned_data[k] for k in self.Meta.fields}
        fields["series"] = self.cleaned_data.get("series")
        return fields


class PasteForm(NHSFormMixin, forms.Form):
    # Numbers and dates only reach the database; other text is refused by the parser.
    data = forms.CharField(
        label="Paste from a spreadsheet",
        max_length=PASTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        error_messages={"required": "Paste at least one line: a period and a value"},
    )


class ValueRowForm(NHSFormMixin, forms.Form):
    """One row of the data-entry grid."""

    period = forms.DateField(
        label="Period starting",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the period as a real date"},
    )
    value = forms.FloatField(
        label="Value", required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    numerator = forms.FloatField(
        label="Numerator", required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    denominator = forms.FloatField(
        label="Denominator", required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    delete = forms.BooleanField(label="Remove", required=False)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.measure = measure
        for f in ("value", "numerator", "denominator"):
            self.fields[f].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-5"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        period = cleaned.get("period")
        numbers = [cleaned.get(f) for f in ("value", "numerator", "denominator")]
        if period is None:
            if any(n is not None for n in numbers) and "period" not in self.errors:
                self.add_error("period", "Enter the date the period starts")
            return cleaned
        if period > timezone.localdate() and not cleaned.get("delete"):
            self.add_error(
                "period",
                f"{period:%d %b %Y} is in the future: enter data only for periods that have begun",
            )
            return cleaned
        cleaned["period"] = period_start(period, self.measure.frequency)
        if cleaned.get("delete"):
            return cleaned
        problem = check_value(
            value=cleaned.get("value"),
            numerator=cleaned.get("numerator"),
            denominator=cleaned.get("denominator"),
            chart_type=self.measure.chart_type,
        )
        if problem:
            field = "numerator" if self.measure.is_ratio else "value"
            self.add_error(field, f"The period starting {period:%d %b %Y} {problem}")
        return cleaned


class BaseValueFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: dict[Any, int] = {}
        for i, form in enumerate(self.forms, start=1):
            period = form.cleaned_data.get("period")
            if period is None or form.cleaned_data.get("delete"):
                continue
            if period in seen:
                raise ValidationError(
                    f"Rows {seen[period]} and {i} are both for the period starting {period:%d %b %Y}"
                )
            seen[period] = i


ValueFormSet = forms.formset_factory(ValueRowForm, formset=BaseValueFormSet, extra=0)


class RecalculationDecisionForm(ScreenedFormMixin, NHSFormMixin, forms.Form):
    """The coach's decision on recalculating a measure's limits, always with a reason."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("approve", "Approve: recalculate the limits from the start of the shift"),
            ("refuse", "Refuse: keep judging the measure on the limits from before the change"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or refuse the recalculation"},
    )
    reason = forms.CharField(
        label="Reason for your decision",
        help_text="For example: the change is embedded on the ward and the team sustains it",
        max_length=LONG_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason for your decision"},
    )
    unscreened_fields = ("decision",)


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
