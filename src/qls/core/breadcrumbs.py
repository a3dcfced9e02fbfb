"""The breadcrumb trail every page builds, shown by ``core/_breadcrumbs.html``.

A trail is a list of (label, url) pairs from Home to the page's parent; the
page itself is not on it (its heading says where you are), and the last
step doubles as the "Back to" link on narrow screens.
"""

from __future__ import annotations

from django.urls import reverse

Crumb = tuple[str, str]


def home(*steps: Crumb) -> list[Crumb]:
    """Home, then ``steps``: the trail of an area's front page, or of a page of its own."""
    return [("Home", reverse("core:home")), *steps]


def trail(area: str, url_name: str, *steps: Crumb) -> list[Crumb]:
    """Home, then the area's front page (``area`` is its label), then ``steps``."""
    return home((area, reverse(url_name)), *steps)
