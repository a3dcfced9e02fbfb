"""Registering a project: its details plus the first team."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.accounts.roles import Role
from qls.organisation.models import StaffMember
from qls.organisation.staff_field import StaffField, StaffListField
from qls.projects.forms.project import ProjectForm


class RegisterProjectForm(ProjectForm):
    """Registration adds the first team: lead (by default, you), members, sponsor, coach."""

    lead = StaffField(
        label="Project lead",
        required=False,
        help_text="Leave empty to lead it yourself. Otherwise the lead's staff number or work email",
    )
    members_text = StaffListField(
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("lead") and "lead" not in self.errors:
            cleaned["lead"] = self.user_staff
        return cleaned
