"""The template folder and the breadcrumb trails of the learning and co-production pages."""

from __future__ import annotations

from django.urls import reverse

from qls.core.breadcrumbs import trail

T = "system/learning/"


def system_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return trail("System", "system:index", *extra)


def log_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return system_crumbs(("We said, we did", reverse("system:wesaid_published")), *extra)


def priority_crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return system_crumbs(("System priorities", reverse("system:priorities")), *extra)
