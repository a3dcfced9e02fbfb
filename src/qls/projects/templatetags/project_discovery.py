"""Template tags for learning across sites, so any project page can show them
with one include (``{% include "projects/_similar.html" with project=project %}``)."""

from __future__ import annotations

from django import template

from qls.projects.models import Project
from qls.projects.similar import similar_projects

register = template.Library()


@register.simple_tag
def similar_to(project: Project, limit: int = 5) -> list[Project]:
    return similar_projects(project, limit=limit)
