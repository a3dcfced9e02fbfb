"""Pages of soft intelligence and the early-warning list: thin, the rules are in queries."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qls.system.access import require
from qls.system.tenancy import organisation_of, sees_every_organisation, visible_organisations
from qls.system.warnings import permissions as perms
from qls.system.warnings import queries
from qls.system.warnings.forms import IntelligenceForm
from qls.system.warnings.models import Kind, SoftIntelligence, Weight

T = "system/warnings/"


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", reverse("core:home")), ("System", reverse("system:index")), *extra]


def _list_crumbs() -> list[tuple[str, str]]:
    return _crumbs(("Soft intelligence", reverse("system:intelligence_list")))


def intelligence_list(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    organisations = visible_organisations(request.user).order_by("name")
    filters = queries.parse_filters(organisations, request.GET)
    return render(
        request,
        T + "intelligence_list.html",
        {
            "entries": list(queries.intelligence_list(request.user, filters)),
            "filters": filters,
            "organisations": organisations,
            "kinds": Kind.choices,
            "every_organisation": sees_every_organisation(request.user),
            "organisation": organisation_of(request.user),
            "can_log": request.user.has_perm(perms.LOG),
            "crumbs": _crumbs(),
        },
    )


def intelligence_new(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.VIEW)
    require(request.user, perms.LOG)
    form = IntelligenceForm(
        request.POST or None,
        user=request.user,
        initial={"organisation": organisation_of(request.user), "received_on": None},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.instance.logged_by = request.user
            entry: SoftIntelligence = form.save()
        messages.success(request, f"{entry.get_kind_display()} logged for {entry.organisation}.")
        return redirect(entry)
    return render(
        request,
        T + "intelligence_form.html",
        {
            "form": form,
            "heading": "Log soft intelligence",
            "submit": "Log soft intelligence",
            "crumbs": _list_crumbs(),
        },
    )


def intelligence(request: HttpRequest, pk: int) -> HttpResponse:
    entry = queries.get_intelligence(request.user, pk)
    return render(
        request,
        T + "intelligence.html",
        {
            "entry": entry,
            "risks": list(entry.risks.order_by("title")),
            "crumbs": _list_crumbs(),
        },
    )


def early_warnings(request: HttpRequest) -> HttpResponse:
    require(request.user, perms.EARLY_WARNINGS)
    today = timezone.localdate()
    found = queries.early_warnings(request.user, today=today)
    return render(
        request,
        T + "early_warnings.html",
        {
            "warnings": found,
            "since": queries.window_start(today),
            "variation_weight": queries.VARIATION_WEIGHT,
            "assurance_weight": queries.ASSURANCE_WEIGHT,
            "weights": Weight.choices,
            "every_organisation": sees_every_organisation(request.user),
            "organisation": organisation_of(request.user),
            "can_see_intelligence": request.user.has_perm(perms.VIEW),
            "crumbs": _crumbs(),
        },
    )
