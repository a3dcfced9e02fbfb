"""Sections that apps above projects add to the foot of a project's page.

Projects must not import them (the layering contract), so they register
here from their ``AppConfig.ready()``: a function of (project, user) that
returns the context of its own template, with the template's name under
``"template"``, or None to show nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any], "dict[str, Any] | None"]

_PANELS: dict[str, Panel] = {}


def register(name: str, panel: Panel) -> None:
    """Add (or replace, by name) a section of the project page."""
    _PANELS[name] = panel


def for_project(project, user) -> list[dict[str, Any]]:
    """The registered sections for this project and person, in the order registered."""
    shown = (panel(project, user) for panel in _PANELS.values())
    return [p for p in shown if p]
