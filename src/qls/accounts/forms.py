from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from qls.accounts.roles import Role
from qls.core.forms import NHSFormMixin


class LoginForm(NHSFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct user name and password. Both are case-sensitive.",
    }


class NHSPasswordChangeForm(NHSFormMixin, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
    }


class UserSearchForm(forms.Form):
    """The filters above the list of users; every field is optional."""

    q = forms.CharField(label="Search by name, user name or email", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "Any role"), *Role.choices, ("none", "No role")],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["class"] = "nhsuk-input"
        self.fields["role"].widget.attrs["class"] = "nhsuk-select"


class FirstBoxCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose field label points at the first box, so the error
    summary's link takes the reader to the question (Django's points nowhere)."""

    def id_for_label(self, id_: str, index: str | None = "0") -> str:
        return super().id_for_label(id_, index if index is not None else "0")


class RolesForm(NHSFormMixin, forms.Form):
    roles = forms.MultipleChoiceField(
        label="Roles",
        required=False,
        choices=Role.choices,
        widget=FirstBoxCheckboxes,
        help_text="Select every role this person holds. Staff is the usual role for everyone.",
    )
    is_active = forms.BooleanField(
        label="Account is active",
        required=False,
        help_text="Untick to stop this person logging in. Their records are kept.",
    )
