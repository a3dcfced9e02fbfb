"""Pages of the system dashboard: one metric across the system, and the places.

The dashboard's summary matrix itself is on the oversight home
(``qls.system.views.index``). Every figure comes from the series the person
may see (``qls.measurement.sharing.visible_series``).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from qls.measurement.models import Metric
from qls.system.access import require
from qls.system.dashboard import permissions as perms
from qls.system.dashboard import pooling, queries
from qls.system.views import crumbs


def metric(request: HttpRequest, code: str) -> HttpResponse:
    """One metric across the system: a chart per organisation, and the system total."""
    require(request.user, perms.VIEW)
    found = get_object_or_404(Metric, code=code)
    panels = queries.metric_panels(request.user, found)
    return render(
        request,
        "system/dashboard/metric.html",
        {
            "metric": found,
            "panels": panels,
            "total": queries.system_total(request.user, found) if panels else None,
            "poolable": pooling.poolable(found),
            "not_pooled": pooling.NOT_POOLED,
            "crumbs": crumbs(),
        },
    )


def places(request: HttpRequest) -> HttpResponse:
    """The system's places (localities): their organisations and pooled figures."""
    require(request.user, perms.VIEW)
    return render(
        request,
        "system/dashboard/places.html",
        {"places": queries.places(request.user), "crumbs": crumbs()},
    )
