"""The forum's section on a project's page: its linked discussions (see qls.core.panels)."""

from __future__ import annotations

from typing import Any

from qls.community.forum import queries
from qls.community.forum.permissions import POST, VIEW

SHOWN = 5


def panel(project, user) -> dict[str, Any] | None:
    if not user.has_perm(VIEW):
        return None
    threads = list(queries.for_project(project.pk)[: SHOWN + 1])
    return {
        "template": "community/forum/_project_panel.html",
        "project": project,
        "threads": threads[:SHOWN],
        "more": len(threads) > SHOWN,
        "can_post": user.has_perm(POST),
    }
