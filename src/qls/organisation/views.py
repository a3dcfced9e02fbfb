from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from qls.organisation import services


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisation/index.html",
        {"trust": services.host_organisation(), "figures": services.headline_figures()},
    )
