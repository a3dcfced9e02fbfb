from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm

from qls.core.forms import NHSFormMixin


class LoginForm(NHSFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct user name and password. Both are case-sensitive.",
    }
