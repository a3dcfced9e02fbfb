"""The e-learning's section on its course's page (see qls.core.panels)."""

from __future__ import annotations

from typing import Any

from qls.capability.models import Course
from qls.community.elearning.permissions import TAKE


def panel(course, user) -> dict[str, Any] | None:
    """On the QI introduction course, where it is taken: QLS's own e-learning."""
    if course.kind != Course.Kind.QI_INTRO or not user.has_perm(TAKE):
        return None
    return {"template": "community/elearning/_course_panel.html", "course": course}
