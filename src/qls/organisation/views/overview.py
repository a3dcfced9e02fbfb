"""The trust overview: the trust at a glance, its strategic aims and where to go."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.core.navigation import visible_areas
from qls.organisation import services


def overview(request: HttpRequest) -> HttpResponse:
    """The second tab of the home page, beside "my work"."""
    return render(
        request,
        "organisation/overview.html",
        {
            "areas": [a for a in visible_areas(request.user) if a.slug != "home"],
            "trust": services.host_organisation(),
            "figures": services.headline_figures(),
            "aims": services.active_aims(),
            "tab": "overview",
        },
    )
