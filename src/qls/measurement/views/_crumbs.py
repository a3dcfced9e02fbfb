from __future__ import annotations

from django.urls import reverse


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from Home through Quality data to the page's parents."""
    return [("Home", reverse("core:home")), ("Quality data", reverse("measurement:index")), *extra]
