"""Helpers the training views share: breadcrumbs, base URL, turning refusals into messages."""

from __future__ import annotations

from django.http import HttpRequest

from qls.core.breadcrumbs import trail


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from Home through Learning to the page's parents."""
    return trail("Learning", "capability:index", *extra)


def base_url(request: HttpRequest) -> str:
    """This site's address, for links in emails."""
    return request.build_absolute_uri("/").rstrip("/")
