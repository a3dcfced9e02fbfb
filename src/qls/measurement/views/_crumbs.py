from __future__ import annotations

from qls.core.breadcrumbs import trail


def crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs from Home through Quality data to the page's parents."""
    return trail("Quality data", "measurement:index", *extra)
