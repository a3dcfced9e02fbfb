"""Pages of the quality data area; one module per part (catalogue, metrics,
imports, tokens). ``index`` is the trust dashboard at /data/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from qls.core.navigation import AREAS_BY_SLUG


def index(request: HttpRequest) -> HttpResponse:
    crumbs = [("Home", reverse("core:home"))]
    return render(
        request, "core/coming_soon.html", {"area": AREAS_BY_SLUG["data"], "crumbs": crumbs}
    )
