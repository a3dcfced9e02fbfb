"""What the forum plugs in when Django starts (called from CommunityConfig.ready)."""

from __future__ import annotations


def ready() -> None:
    from qls.community.forum.project_panel import panel
    from qls.core.panels import register

    register("projects.project", "forum", panel)
