"""One click, one A3 PDF poster of a project (for the celebration event)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from qls.projects.access import get_project
from qls.projects.poster import render_poster


@require_safe
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project(request, pk)
    response = HttpResponse(render_poster(project), content_type="application/pdf")
    name = slugify(project.title)[:60] or "project"
    response["Content-Disposition"] = f'attachment; filename="qi-poster-{project.pk}-{name}.pdf"'
    return response
