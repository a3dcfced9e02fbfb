"""The early warnings page: every warning under a unit, filtered and paged."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.core.pagination import paginate
from qls.measurement.dashboards.early_warnings import early_warnings, left_out_of_warnings
from qls.measurement.dashboards.filters import WarningFilters, filter_warnings
from qls.measurement.dashboards.scope import Scope
from qls.measurement.forms.early_warnings import EarlyWarningFilterForm
from qls.measurement.models import Level
from qls.measurement.permissions import VIEW_DATA
from qls.measurement.views.dashboards._scope import _scope_from_query, _scope_of_unit

WARNINGS_PER_PAGE = 25


@permission_required(VIEW_DATA, raise_exception=True)
def early_warning_list(request: HttpRequest) -> HttpResponse:
    """Every early warning under a unit, filtered by domain, rule and date, 25 a page."""
    if request.GET.get("level"):
        _scope_from_query(request)  # an unknown unit in a dashboard's link is a 404
    data = request.GET.copy()
    if data.get("level") == Level.TRUST:
        data["unit"] = ""
    form = EarlyWarningFilterForm(data)
    if not form.is_valid():
        scope = Scope(Level.TRUST)
        if "unit" not in form.errors:
            scope = _scope_of_unit(request, form.cleaned_data.get("unit", ""))
        context = {
            "scope": scope,
            "form": form,
            "page": None,
            "count": 0,
            "left_out": [],
            "crumbs": [*scope.crumbs(), (f"{scope.name} dashboard", scope.url)],
        }
        return render(request, "measurement/dashboards/early_warnings.html", context, status=400)
    scope = _scope_of_unit(request, form.cleaned_data["unit"])
    filters = WarningFilters(
        domain=form.cleaned_data["domain"],
        rule=form.cleaned_data["rule"],
        since=form.cleaned_data["since"],
    )
    found = filter_warnings(early_warnings(scope, gaps=True), filters)
    paging = paginate(request, found, WARNINGS_PER_PAGE)
    kept = {
        "unit": scope.code,
        "domain": filters.domain,
        "rule": filters.rule,
        "since": filters.since.isoformat() if filters.since else "",
    }
    context = {
        "scope": scope,
        "form": form,
        **paging,
        "warnings": paging["page"].object_list,
        "count": len(found),
        "filtered": any((filters.domain, filters.rule, filters.since)),
        "query": urlencode({k: v for k, v in kept.items() if v}),
        "left_out": left_out_of_warnings(scope),
        "crumbs": [*scope.crumbs(), (f"{scope.name} dashboard", scope.url)],
    }
    return render(request, "measurement/dashboards/early_warnings.html", context)
