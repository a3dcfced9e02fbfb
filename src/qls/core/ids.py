"""Ids and numbers from addresses and query strings, kept within what the database holds.

Both databases store ids as 64-bit integers. Python's ``int`` has no limit,
so ``99999999999999999999`` typed into an address would reach the database
and fail there (SQLite: OverflowError; PostgreSQL: DataError) as a server
error. The ``<id:...>`` path converter turns such a number into "no match"
(404), and :func:`parse_id` turns it into ``None`` for a filter in the
query string, so the page can say nothing was found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

# The largest value of a signed 64-bit integer: SQLite's INTEGER, PostgreSQL's bigint.
DB_INT_MAX = 2**63 - 1


def parse_id(raw: Any) -> int | None:
    """A database-sized non-negative whole number from ``raw``, or ``None``.

    >>> parse_id("42"), parse_id("99999999999999999999"), parse_id("abc")
    (42, None, None)
    """
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= DB_INT_MAX else None


class IdConverter:
    """``<id:pk>`` in a URL pattern: like ``<int:pk>``, but a number too big for the
    database is no match (a 404) rather than a database error."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > DB_INT_MAX:
            raise ValueError(f"{value} is larger than any id the database holds")
        return number

    def to_url(self, value: Any) -> str:
        return str(value)


def bad_id_params(query: Any, names: Iterable[str]) -> list[str]:
    """The query parameters among ``names`` that hold something other than an id.

    An empty or missing parameter is fine (no filter).
    """
    return [n for n in names if query.get(n) not in (None, "") and parse_id(query.get(n)) is None]


def bad_filter_response(request: Any, names: list[str]) -> HttpResponse:
    """A 400 page naming the filters that are not ids (typed or edited addresses)."""
    return render(request, "core/bad_filter.html", {"names": names}, status=400)


def ids_in_query(
    *names: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: the query parameters ``names`` hold ids (a chosen course, site,
    person), so anything else in them gets :func:`bad_filter_response` (400) before
    the view runs and reaches the database with it."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            bad = bad_id_params(request.GET, names)
            if bad:
                return bad_filter_response(request, bad)
            return view(request, *args, **kwargs)

        return checked

    return decorate
