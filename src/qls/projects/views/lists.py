"""Showing and downloading a list of projects: one shape for the search page,
the dashboard's drill-downs and their CSV/Excel downloads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from qls.core.exports import FORMATS, table_response
from qls.projects.models import Project
from qls.projects.search.query import for_display

EXPORT_HEADERS = [
    "Project",
    "Title",
    "Site",
    "Ward or unit",
    "Specialty",
    "Stage",
    "Category",
    "Strategic aims",
    "Lead",
    "Start date",
    "Registered",
    "Evidence of improvement",
    "IHI progress score",
    "Link",
]


def export_format(request: HttpRequest) -> str | None:
    """The download asked for by ``?download=csv|xlsx``; None for the page itself."""
    fmt = request.GET.get("download")
    if fmt is None:
        return None
    if fmt not in FORMATS:
        raise Http404("Downloads are CSV or XLSX")
    return fmt


def export_projects(
    request: HttpRequest, name: str, projects: QuerySet[Project], fmt: str
) -> HttpResponse:
    return table_response(name, EXPORT_HEADERS, _rows(request, projects), fmt, sheet="Projects")


def _rows(request: HttpRequest, projects: QuerySet[Project]) -> Iterator[list[Any]]:
    for p in for_display(projects).iterator(chunk_size=500):
        yield [
            p.pk,
            p.title,
            p.site.name if p.site else "",
            p.ward.name if p.ward else "",
            p.specialty.name if p.specialty else "",
            p.get_stage_display(),
            p.get_category_display(),
            "; ".join(str(a) for a in p.strategic_aims.all()),
            "; ".join(m.staff.full_name for m in p.leads),
            p.start_date,
            p.created_at.date(),
            "Yes" if p.has_evidence else "No",
            f"{p.progress_score:.1f}" if p.progress_score is not None else "",
            request.build_absolute_uri(p.get_absolute_url()),
        ]
