"""The administration area: its index, and users and their roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.accounts import actions
from qls.accounts.errors import AccountsError
from qls.accounts.forms import RolesForm, UserSearchForm
from qls.accounts.models import User
from qls.accounts.roles import MANAGE_USERS
from qls.core.breadcrumbs import home, trail
from qls.core.pagination import paginate
from qls.core.permissions import VIEW_AUDIT

PAGE_SIZE = 25


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return trail("Administration", "administration:index", *extra)


def _get_user_to_change(request: HttpRequest, pk: int) -> User:
    """The account ``request.user`` may change the roles of, or 403/404."""
    if not request.user.has_perm(MANAGE_USERS):
        raise PermissionDenied
    return get_object_or_404(User, pk=pk)


@permission_required(VIEW_AUDIT, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/administration/index.html",
        {
            "crumbs": home(),
            "can_manage": request.user.has_perm(MANAGE_USERS),
        },
    )


@permission_required("accounts.view_user", raise_exception=True)
def users(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    people = User.objects.prefetch_related("groups").select_related("staff_member")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            people = people.filter(
                Q(username__icontains=q)
                | Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(email__icontains=q)
            )
        role = form.cleaned_data["role"]
        if role == "none":
            people = people.filter(groups__isnull=True)
        elif role:
            people = people.filter(groups__name=role)
    return render(
        request,
        "accounts/administration/users.html",
        {
            "form": form,
            **paginate(request, people.order_by("username"), PAGE_SIZE),
            "can_manage": request.user.has_perm(MANAGE_USERS),
            "crumbs": crumbs(),
        },
    )


def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_user_to_change(request, pk)
    current = {"roles": person.role_names, "is_active": person.is_active}
    form = RolesForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_roles(
                user=person,
                roles=form.cleaned_data["roles"],
                is_active=form.cleaned_data["is_active"],
                by=request.user,
            )
        except AccountsError as error:
            form.add_error("roles", str(error))
        else:
            messages.success(request, f"Roles for {person} saved.")
            return redirect("administration:users")
    return render(
        request,
        "accounts/administration/user_roles.html",
        {
            "person": person,
            "form": form,
            "crumbs": crumbs(("Users and roles", reverse("administration:users"))),
        },
    )
