from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from qls.core.navigation import visible_areas


def navigation(request: HttpRequest) -> dict:
    match = request.resolver_match
    namespace = match.namespace if match else ""
    items = []
    for area in visible_areas(request.user):
        url = reverse(area.url_name)
        if area.slug == "home":
            current = match is not None and match.view_name == "core:home"
        else:
            current = namespace in area.namespaces
        items.append({"label": area.label, "url": url, "current": current})
    return {"nav_items": items}
