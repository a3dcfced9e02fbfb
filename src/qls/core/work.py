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

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Count, QuerySet, Value, Window
from django.utils import timezone
from django.utils.dateparse import parse_datetime

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


# A source gives one section, or several when it reads them in one query.
Source = Callable[[Any], "WorkSection | list[WorkSection] | None"]
_SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Add a section source (called once per app at start-up; re-registering replaces)."""
    _SOURCES[key] = source


def sections_for(user: Any) -> list[WorkSection]:
    """The sections with something in them for this person, in page order."""
    found: list[WorkSection] = []
    for source in _SOURCES.values():
        given = source(user)
        found.extend(given if isinstance(given, list) else [given] if given else [])
    return sorted((s for s in found if s.count), key=lambda s: (s.order, s.title))


def first_rows(queryset: QuerySet, shown: int = SHOWN) -> tuple[int, list[Any]]:
    """(total, the first ``shown`` rows) of an ordered queryset, in one query."""
    rows = list(queryset.annotate(_work_total=Window(Count("pk")))[:shown])
    return (rows[0]._work_total if rows else 0), rows


def first_rows_by_kind(
    branches: dict[str, QuerySet],
    columns: tuple[str, ...],
    shown: int = SHOWN,
    datetimes: tuple[str, ...] = (),
) -> dict[str, tuple[int, list[dict[str, Any]]]]:
    """Several sections' (total, first rows) in one query.

    Each branch is a queryset of its own model annotated with the same
    ``columns`` and with ``work_rank`` (a ``RowNumber`` window in the section's
    order), each column an annotation so it has its name in the SQL. The
    branches are joined with ``UNION ALL``; one outer statement counts each
    kind and keeps its first ``shown`` ranks. Rows come back as dicts of
    ``columns``; those named in ``datetimes`` as aware datetimes (SQLite
    hands raw statements text).
    """
    parts = [
        queryset.order_by()
        .annotate(work_kind=Value(kind))
        .values_list("work_kind", "work_rank", *columns)
        for kind, queryset in branches.items()
    ]
    found: dict[str, tuple[int, list[dict[str, Any]]]] = {kind: (0, []) for kind in branches}
    if not parts:
        return found
    union = parts[0].union(*parts[1:], all=True)
    db = union.db
    sql, params = union.query.get_compiler(using=db).as_sql()
    names = ("work_kind", "work_rank", *columns)
    listed = ", ".join(f'u."{name}"' for name in names)
    statement = (
        f'SELECT {listed}, u."work_total" FROM (SELECT t.*, COUNT(*) OVER '
        f'(PARTITION BY t."work_kind") AS "work_total" FROM ({sql}) t) u '
        f'WHERE u."work_rank" <= %s ORDER BY u."work_kind", u."work_rank"'
    )
    with connections[db].cursor() as cursor:
        cursor.execute(statement, (*params, shown))
        for *values, total in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            for name in datetimes:
                row[name] = _as_datetime(row[name])
            kind = row["work_kind"]
            found[kind] = (total, [*found[kind][1], row])
    return found


def _as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value
