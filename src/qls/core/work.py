"""My work: what the signed-in person must act on, gathered from every area.

``core`` knows none of the domain apps. Each app registers, from its
``AppConfig.ready()``, the sections it can contribute (``register``); the
home page asks each for the person looking at it (``sections_for``) and
shows the ones with something in them.

A section costs one query whatever the data: ``first_rows`` reads its first
rows and the total in the same statement (a window count), so the page's
query count does not grow with the number of projects, actions or offers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Window

# How many rows each section lists; its link leads to the rest.
SHOWN = 5


@dataclass(frozen=True)
class WorkItem:
    text: str
    url: str
    detail: str = ""
    overdue: bool = False


@dataclass(frozen=True)
class WorkSection:
    key: str
    title: str
    count: int
    items: list[WorkItem]
    more_url: str = ""
    more_text: str = ""
    order: int = 100
    notes: list[str] = field(default_factory=list)


Source = Callable[[Any], "WorkSection | None"]
_SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Add a section source (called once per app at start-up; re-registering replaces)."""
    _SOURCES[key] = source


def sections_for(user: Any) -> list[WorkSection]:
    """The sections with something in them for this person, in page order."""
    found = [section for source in _SOURCES.values() if (section := source(user)) is not None]
    return sorted((s for s in found if s.count), key=lambda s: (s.order, s.title))


def first_rows(queryset: QuerySet, shown: int = SHOWN) -> tuple[int, list[Any]]:
    """(total, the first ``shown`` rows) of an ordered queryset, in one query."""
    rows = list(queryset.annotate(_work_total=Window(Count("pk")))[:shown])
    return (rows[0]._work_total if rows else 0), rows
