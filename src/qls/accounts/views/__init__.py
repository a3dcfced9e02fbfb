from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from qls.accounts.forms import LoginForm, NHSPasswordChangeForm
from qls.core.permissions import holds_any_permission


class LoginView(auth_views.LoginView):
    """Django's login (it hands the request to authenticate(), which the
    lockout backend needs), plus the single sign-on link when it is set up."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # Read per request, not at import, so tests and settings overrides see it.
        return super().get_context_data(oidc_enabled=settings.OIDC_ENABLED, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = NHSPasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def dispatch(self, request, *args, **kwargs):
        # People who sign in with their NHS account have no QLS password to change.
        if request.user.is_authenticated and not request.user.has_usable_password():
            raise Http404("This account signs in with single sign-on")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


def profile(request: HttpRequest) -> HttpResponse:
    staff = getattr(request.user, "staff_member", None)
    return render(request, "accounts/profile.html", {"staff": staff})


def no_role(request: HttpRequest) -> HttpResponse:
    """Where an account with no role lands: what it lacks and whom to ask."""
    if holds_any_permission(request.user):
        return redirect("core:home")
    return render(request, "accounts/no_role.html", {"refused": False})
