"""The breadcrumb trail every celebration page builds."""

from __future__ import annotations

from django.urls import reverse

from qls.community.celebrations.models import CelebrationEvent
from qls.community.views import crumbs


def celebration_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Celebrations", reverse("community:celebrations_index")), *extra)


def event_crumbs(event: CelebrationEvent, *extra: tuple[str, str]) -> list[tuple[str, str]]:
    return celebration_crumbs((event.name, event.get_absolute_url()), *extra)
