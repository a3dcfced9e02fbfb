"""Pages of the system dashboard: one metric across the system, and the places.

The dashboard's summary matrix itself is on the oversight home
(``qls.system.views.index``). Every figure comes from the series the person
may see (``qls.measurement.sharing.visible_series``).
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from qls.measurement.models import Metric
from qls.measurement.sharing import viewer
from qls.system.access import require
from qls.system.dashboard import permissions as perms
from qls.system.dashboard import pooling
from qls.system.dashboard.queries import panels as panel_queries
from qls.system.dashboard.queries import places as place_queries
from qls.system.dashboard.queries.state import metric_state
from qls.system.views import crumbs

# Names of organisations are not in the body's key, hence a short life.
BODY_SECONDS = 120


def metric(request: HttpRequest, code: str) -> HttpResponse:
    """One metric across the system: a chart per organisation, and the system total.

    The charts and the total are cached per organisation and share version,
    under what they are built from (``queries.state.metric_state``: the series seen,
    their last SPC computation and the metric's last change), so ten people
    reading the same metric share one build and a change shows at once.
    """
    require(request.user, perms.VIEW)
    found = get_object_or_404(Metric, code=code)
    state = "-".join(map(str, metric_state(request.user, found)))
    key = f"qls:system-metric:v1:{viewer(request.user).cache_key}:{found.pk}:{state}"
    body = cache.get(key)
    if body is None:
        panels = panel_queries.metric_panels(request.user, found)
        body = render_to_string(
            "system/dashboard/_metric_body.html",
            {
                "metric": found,
                "panels": panels,
                "total": panel_queries.system_total(request.user, found) if panels else None,
                "poolable": pooling.poolable(found),
                "not_pooled": pooling.NOT_POOLED,
            },
        )
        cache.set(key, body, BODY_SECONDS)
    return render(
        request,
        "system/dashboard/metric.html",
        {"metric": found, "body": mark_safe(body), "crumbs": crumbs()},  # our own template
    )


def places(request: HttpRequest) -> HttpResponse:
    """The system's places (localities): their organisations and pooled figures."""
    require(request.user, perms.VIEW)
    return render(
        request,
        "system/dashboard/places.html",
        {"places": place_queries.places(request.user), "crumbs": crumbs()},
    )
