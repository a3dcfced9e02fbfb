"""Adding a person to a project's team."""

from __future__ import annotations

from typing import Any

from django import forms

from qls.core.forms import NHSFormMixin
from qls.organisation.staff_field import StaffField
from qls.projects.models import ProjectMember


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
