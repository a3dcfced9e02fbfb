"""The resource library's section on a course's page (see qls.core.panels)."""

from __future__ import annotations

from typing import Any

from qls.community.resources import queries
from qls.community.resources.permissions import VIEW

SHOWN = 8


def panel(course, user) -> dict[str, Any] | None:
    """The library's most used tools and templates, for anyone who may read the library."""
    if not user.has_perm(VIEW):
        return None
    return {
        "template": "community/resources/_course_panel.html",
        "course": course,
        "resources": list(queries.for_courses(SHOWN)),
    }
