"""The administration area: users and roles, and the audit history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from qls.accounts import actions
from qls.accounts.errors import AccountsError
from qls.accounts.forms import RolesForm, UserSearchForm
from qls.accounts.models import User
from qls.accounts.roles import MANAGE_USERS, VIEW_AUDIT
from qls.core import audit
from qls.core.ids import ids_in_query, parse_id

PAGE_SIZE = 25


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        ("Home", reverse("core:home")),
        ("Administration", reverse("core:administration:index")),
        *extra,
    ]


def _get_user_to_change(request: HttpRequest, pk: int) -> User:
    """The account ``request.user`` may change the roles of, or 403/404."""
    if not request.user.has_perm(MANAGE_USERS):
        raise PermissionDenied
    return get_object_or_404(User, pk=pk)


@permission_required(VIEW_AUDIT, raise_exception=True)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/administration.html",
        {
            "crumbs": [("Home", reverse("core:home"))],
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
    page = Paginator(people.order_by("username"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/administration/users.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_manage": request.user.has_perm(MANAGE_USERS),
            "crumbs": _crumbs(),
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
            return redirect("core:administration:users")
    return render(
        request,
        "core/administration/user_roles.html",
        {
            "person": person,
            "form": form,
            "crumbs": _crumbs(("Users and roles", reverse("core:administration:users"))),
        },
    )


def _user_filter(request: HttpRequest) -> int | None:
    return parse_id(request.GET.get("user", ""))


@permission_required(VIEW_AUDIT, raise_exception=True)
@ids_in_query("user")
def audit_history(request: HttpRequest) -> HttpResponse:
    models = audit.audited_models()
    chosen_key = request.GET.get("type", "")
    user_id = _user_filter(request)
    if chosen_key:
        chosen = audit.get_audited_model(chosen_key)
        rows = audit.history_rows(audited=chosen, user_id=user_id)
    else:
        rows = audit.recent_changes(user_id=user_id)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit/history.html",
        {
            "entries": [audit.describe(row) for row in page],
            "page": page,
            "query": query.urlencode(),
            "models": models,
            "chosen_key": chosen_key,
            "user_id": user_id,
            # Only people who have changed something are worth filtering by.
            "people": User.objects.filter(pk__in=_authors(models)).order_by("username"),
            "cap": None if chosen_key else audit.FEED_CAP,
            "crumbs": _crumbs(),
        },
    )


def _authors(models: list[audit.AuditedModel]) -> set[int]:
    ids: set[int] = set()
    for audited in models:
        ids.update(
            audited.history_manager.exclude(history_user=None)
            .values_list("history_user_id", flat=True)
            .distinct()
        )
    return ids


@permission_required(VIEW_AUDIT, raise_exception=True)
def audit_record(request: HttpRequest, app_label: str, model: str, pk: str) -> HttpResponse:
    audited = audit.get_audited_model(f"{app_label}.{model}")
    try:
        rows = audit.history_rows(audited=audited, pk=audited.model._meta.pk.to_python(pk))
    except ValidationError as error:  # a malformed pk (letters for a number) is not found
        raise Http404("No such record") from error
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [audit.describe(row) for row in page]
    if not entries:
        raise Http404("No history for that record")
    return render(
        request,
        "core/audit/record.html",
        {
            "audited": audited,
            "entries": entries,
            "page": page,
            "query": "",
            "record": entries[0]["record"],
            "crumbs": _crumbs(("Audit history", reverse("core:administration:audit"))),
        },
    )
