"""The community home page: something from each area, each a link."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from qls.community.celebrations import home as celebrations
from qls.community.elearning import home as elearning
from qls.community.forum import home as forum
from qls.community.glossary import home as glossary
from qls.community.resources import home as resources
from qls.projects import services as projects


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs for a community page (the home page itself shows only Home)."""
    return [("Home", reverse("core:home")), ("Community", reverse("community:index")), *extra]


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "community/home.html",
        {
            "forum": forum.panel(user),
            "resources": resources.panel(user),
            "elearning": elearning.panel(user),
            "glossary": glossary.panel(user),
            "celebrations": celebrations.panel(user),
            "evidence": projects.recent_evidence(),
            "crumbs": crumbs()[:1],
        },
    )
