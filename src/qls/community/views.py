"""The community home page: something from each area, each a link."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from qls.community.celebrations import home as celebrations
from qls.community.elearning import home as elearning
from qls.community.forum import home as forum
from qls.community.glossary import home as glossary
from qls.community.resources import home as resources
from qls.core.breadcrumbs import trail
from qls.projects.services.lists import recent_evidence


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs for a community page (the home page itself shows only Home)."""
    return trail("Community", "community:index", *extra)


# The sections that are the same for everyone (threads, resources, events,
# evidence, the glossary) are drawn once and kept: dropped at once whenever
# one of the rows they show is saved or deleted (``forget``, connected in
# apps.py), and after a minute at most for counts changed in bulk.
_SHARED_KEY = "community:home:shared"
_SHARED_SECONDS = 60


def forget(**_kwargs: object) -> None:
    """Drop the kept shared sections of the home page (a signal receiver)."""
    cache.delete(_SHARED_KEY)


def _shared_sections() -> dict[str, SafeString]:
    kept = cache.get(_SHARED_KEY)
    if kept is None:
        nobody = None  # the shared panels read nothing of the person
        kept = {
            "forum": render_to_string("community/forum/_home.html", {"panel": forum.panel(nobody)}),
            "rest": render_to_string(
                "community/_home_shared.html",
                {
                    "resources": resources.panel(nobody),
                    "celebrations": celebrations.panel(nobody),
                    "evidence": recent_evidence(),
                    "glossary": glossary.panel(nobody),
                },
            ),
        }
        cache.set(_SHARED_KEY, kept, _SHARED_SECONDS)
    return {name: mark_safe(html) for name, html in kept.items()}  # rendered by us above


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "community/home.html",
        {
            "shared": _shared_sections(),
            "elearning": elearning.panel(request.user),
            "crumbs": crumbs()[:1],
        },
    )
