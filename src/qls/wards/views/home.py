"""The landing page: the programme at a glance, and the dashboard for those who may see it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from qls.core.breadcrumbs import home
from qls.core.exports import FORMATS, table_response
from qls.core.ids import parse_id
from qls.wards import dashboard
from qls.wards import permissions as perms
from qls.wards.access import require
from qls.wards.charts import dashboard_charts
from qls.wards.models import Issue, WardJourney, WardProgramme
from qls.wards.planning import current_programme
from qls.wards.views._common import chosen_programme


def index(request: HttpRequest) -> HttpResponse:
    # Open to every signed-in person, like the other areas' landing pages;
    # the pages it links to check their own permissions.
    programme = current_programme()
    wanted = request.GET.get("programme")
    if parse_id(wanted) is not None:
        programme = WardProgramme.objects.filter(pk=parse_id(wanted)).first() or programme
    context = {
        "programme": programme,
        "programmes": WardProgramme.objects.all(),
        "sites": programme.sites.all() if programme else [],
        "can_view": request.user.has_perm(perms.VIEW),
        "can_plan": request.user.has_perm(perms.PLAN),
        "can_dashboard": request.user.has_perm(perms.DASHBOARD),
        "can_import": request.user.has_perm(perms.IMPORT_SURVEY),
        "can_audit": request.user.has_perm(perms.RUN_AUDITS),
        "crumbs": home(),
    }
    if programme is not None and context["can_view"]:
        context["stage_table"] = dashboard.stages_by_site(programme)
        context["journey_count"] = WardJourney.objects.filter(programme=programme).count()
        if context["can_dashboard"]:
            dash = dashboard.build(programme)
            context["dash"] = dash
            context["issue_rows"] = dashboard.issue_rows(dash)
            context["dash_charts"] = dashboard_charts(dash)
            context["issue_status_labels"] = [s.label for s in Issue.Status]
    return render(request, "wards/index.html", context)


def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's figures as one long table: measure, site, breakdown, value."""
    require(request.user, perms.DASHBOARD)
    if fmt not in FORMATS:
        raise Http404("Unknown format")
    programme = chosen_programme(request)
    dash = dashboard.build(programme)
    return table_response(
        f"ward-programme-{programme.name}",
        ["measure", "site", "breakdown", "value"],
        dashboard.export_rows(dash),
        fmt,
        sheet="Ward programme",
    )
