"""The one place the no-role rule is enforced (see ``qls.accounts.access``)."""

from __future__ import annotations

from django.shortcuts import redirect, render

from qls.accounts.access import NO_ROLE_PAGES
from qls.core.permissions import holds_any_permission


class NoRoleMiddleware:
    """Answer every page outside ``NO_ROLE_PAGES`` with the "no role yet" page.

    Runs after Django's ``LoginRequiredMiddleware``: people not signed in are
    sent to log in first, and views that need no sign-in (marked with
    ``login_not_required``) are left to their own rules. The home page sends
    the person to the "no role yet" page, so signing in lands there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        user = request.user
        if not user.is_authenticated or holds_any_permission(user):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in NO_ROLE_PAGES:
            return None
        if name == "core:home":
            return redirect("accounts:no_role")
        return render(request, "accounts/no_role.html", {"refused": True}, status=403)
