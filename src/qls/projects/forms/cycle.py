"""Planning and recording a PDSA cycle."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from qls.core.forms import NHSFormMixin
from qls.core.screening import ScreenedFormMixin
from qls.core.widgets import DateInput
from qls.projects.models import PDSACycle


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
