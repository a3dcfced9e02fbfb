"""Small helpers shared by the project views (breadcrumbs, htmx partials)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from qls.core.breadcrumbs import trail
from qls.projects.models import Project


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from Home through QI projects to the page's parents."""
    return trail("QI projects", "projects:index", *extra)


def project_crumbs(project: Project, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs((project.title, project.get_absolute_url()), *extra)


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def template_for(request: HttpRequest, full: str, partial: str, target: str | None = None) -> str:
    """The partial alone for an htmx request (aimed at ``target``), else the full page."""
    htmx: Any = getattr(request, "htmx", None)
    if htmx and (target is None or htmx.target == target):
        return partial
    return full


def measure_cards(project: Project) -> list[tuple[Any, Any]]:
    """(chart view, evidence) for each of the project's measures, in order.

    Every page that shows a project's measure cards (the project, a PDSA
    cycle) uses this, so they all say the same about evidence.
    """
    from qls.projects.charts import chart_events
    from qls.projects.evidence_store import stored_evidence
    from qls.projects.measure_inputs import adoptions
    from qls.projects.services.summary import measure_summary

    events = chart_events(project)
    adopted = adoptions(project)
    cards = []
    for measure in project.measures.select_related("series", "series__metric").order_by(
        "position", "pk"
    ):
        measure.project = project
        cards.append((measure_summary(measure, events, adopted), stored_evidence(measure)))
    return cards
