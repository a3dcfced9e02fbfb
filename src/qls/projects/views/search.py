"""The project list: search, filters, results with the matching passage, downloads.

This is the registry's front page (/projects/). Every signed-in person may
read every project, so no permission beyond signing in is checked.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from qls.core.breadcrumbs import home, trail
from qls.core.exports import table_response
from qls.core.pagination import paginate
from qls.projects import similar
from qls.projects.search.query import for_display, search_projects
from qls.projects.search.snippets import snippets
from qls.projects.search_form import ProjectSearchForm, WhatWorkedForm
from qls.projects.views.lists import export_format, export_projects

PAGE_SIZE = 20


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectSearchForm(request.GET or None)
    text, filters = form.text(), form.filters()
    projects = search_projects(text, filters)
    fmt = export_format(request)
    if fmt:
        return export_projects(request, "projects", projects, fmt)
    paging = paginate(request, for_display(projects), PAGE_SIZE)
    page = paging["page"]
    found = snippets([p.pk for p in page.object_list], text)
    for project in page.object_list:
        project.snippet = found.get(project.pk)
    downloads = request.GET.copy()
    downloads.pop("page", None)
    context = {
        "form": form,
        **paging,
        "text": text,
        "active_filters": form.active_filters(),
        "download_csv": _with(downloads, download="csv"),
        "download_xlsx": _with(downloads, download="xlsx"),
        "register_url": _register_url(request),
        "crumbs": home(),
    }
    template = (
        "projects/search/_results.htmx.html"
        if request.htmx and request.htmx.target == "project-results"
        else "projects/search/list.html"
    )
    return render(request, template, context)


def _register_url(request: HttpRequest) -> str:
    if not request.user.has_perm("projects.add_project"):
        return ""
    try:
        return reverse("projects:new")
    except NoReverseMatch:
        return ""


def _with(query, **extra: str) -> str:  # type: ignore[no-untyped-def]
    q = query.copy()
    for key, value in extra.items():
        q[key] = value
    return "?" + q.urlencode()


WORKED_HEADERS = [
    "Change idea",
    "Project",
    "Site",
    "Ward or unit",
    "Measure",
    "QLS metric",
    "Adopted on",
    "Improvement from",
    "Evidence",
    "Link",
]


@require_safe
def what_worked(request: HttpRequest) -> HttpResponse:
    """Adopted change ideas followed by evidence of improvement, for a metric or a topic."""
    form = WhatWorkedForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    mine = _own_site_code(request)
    rows = similar.what_worked(
        metric=data.get("metric", ""),
        text=data.get("q", ""),
        exclude_site=mine if data.get("elsewhere") and mine else "",
    )
    fmt = export_format(request)
    if fmt:
        return table_response(
            "what-worked-elsewhere",
            WORKED_HEADERS,
            (
                [
                    r.change,
                    r.project.title,
                    r.project.site.name if r.project.site else "",
                    r.project.ward.name if r.project.ward else "",
                    r.measure,
                    r.metric,
                    r.adopted_on,
                    r.improved_from,
                    r.sentence,
                    request.build_absolute_uri(r.project.get_absolute_url()),
                ]
                for r in rows
            ),
            fmt,
            sheet="What worked",
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        **paginate(request, rows, PAGE_SIZE),
        "download_csv": _with(query, download="csv"),
        "download_xlsx": _with(query, download="xlsx"),
        "own_site": mine,
        "crumbs": trail("QI projects", "projects:index"),
    }
    return render(request, "projects/search/what_worked.html", context)


def _own_site_code(request: HttpRequest) -> str:
    member = getattr(request.user, "staff_member", None)
    if member is not None and member.site_id:
        return member.site.code
    return ""
