"""Sections that a higher app adds to a lower app's page.

The layering contract lets apps import only downward, yet a project's page
lists its forum discussions and a course's page the tools of the resource
library. So a page names itself (``"projects.project"``,
``"capability.course"``) and asks for its panels; an app above registers a
panel for that page from its ``AppConfig.ready()``. A panel is a function of
(the page's object, the person) that returns the context of its own
template, with the template's name under ``"template"``, or None to show
nothing. The page includes each with
``{% for panel in panels %}{% include panel.template with panel=panel %}{% endfor %}``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Panel = Callable[[Any, Any], "dict[str, Any] | None"]

_PANELS: dict[str, dict[str, Panel]] = {}


def register(page: str, name: str, panel: Panel) -> None:
    """Add (or replace, by name) a panel of ``page``."""
    _PANELS.setdefault(page, {})[name] = panel


def for_page(page: str, obj: Any, user: Any) -> list[dict[str, Any]]:
    """The panels registered for ``page`` that show something to this person, in order."""
    shown = (panel(obj, user) for panel in _PANELS.get(page, {}).values())
    return [p for p in shown if p]
