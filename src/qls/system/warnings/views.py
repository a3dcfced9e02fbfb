"""Pages of soft intelligence and the early-warning list: thin, the rules are in queries."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from qls.core.breadcrumbs import trail
from qls.measurement.sharing import viewer
from qls.system.access import require
from qls.system.tenancy import organisation_of, sees_every_organisation, visible_organisations
from qls.system.warnings import permissions as perms
from qls.system.warnings import queries
from qls.system.warnings.forms import IntelligenceForm
from qls.system.warnings.models import Kind, SoftIntelligence, Weight

T = "system/warnings/"
# Names of organisations and metrics are not in the rows' key, hence a short life.
ROWS_SECONDS = 120


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return trail("System", "system:index", *extra)


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
    """The ranked list; its rows are cached until what they are built from changes
    (``queries.list_state``), per organisation, share version and reach."""
    require(request.user, perms.EARLY_WARNINGS)
    today = timezone.localdate()
    since = queries.window_start(today)
    state = queries.list_state(request.user, since, today)
    every = sees_every_organisation(request.user)
    built_from = "-".join(map(str, state))
    key = (
        f"qls:early-warnings:v1:{viewer(request.user).cache_key}:{int(every)}:{today}:{built_from}"
    )
    rows = cache.get(key)
    if rows is None:
        found = queries.early_warnings(request.user, today=today)
        rows = render_to_string(T + "_early_warning_rows.html", {"warnings": found})
        cache.set(key, rows, ROWS_SECONDS)
    return render(
        request,
        T + "early_warnings.html",
        {
            "rows": mark_safe(rows),  # rendered by our own template, escaped there
            "since": since,
            "variation_weight": queries.VARIATION_WEIGHT,
            "assurance_weight": queries.ASSURANCE_WEIGHT,
            "weights": Weight.choices,
            "every_organisation": every,
            "organisation": organisation_of(request.user),
            "can_see_intelligence": request.user.has_perm(perms.VIEW),
            "crumbs": _crumbs(),
        },
    )
