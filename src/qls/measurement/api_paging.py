"""Keyset paging for the API: an opaque cursor, a page size, and the next link.

A page is the rows after the cursor's key in a fixed order, so reading page
100 costs what page 1 does (an offset would make the database walk every
earlier row) and rows added meanwhile never shift a page. The cursor is
base64 of the last row's key as JSON; clients only pass back the ``next``
link they were given.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

import orjson
from django.http import HttpRequest
from ninja.errors import HttpError

DEFAULT_LIMIT = 1_000
MAX_LIMIT = 10_000
# Ids past a signed 64-bit integer exist in no database; asking for one is a 404, not a crash.
MAX_ID = 2**63 - 1


def encode_cursor(key: tuple[Any, ...]) -> str:
    raw = orjson.dumps([v.isoformat() if isinstance(v, dt.date) else v for v in key])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kinds: tuple[type, ...]) -> tuple[Any, ...]:
    """The key in ``cursor``, each part checked against ``kinds`` (int, str or date)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        parts = orjson.loads(raw)
        if not isinstance(parts, list) or len(parts) != len(kinds):
            raise ValueError
        key = tuple(_part(value, kind) for value, kind in zip(parts, kinds, strict=True))
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise HttpError(
            422, "cursor: not a cursor this API made; follow the 'next' link as given"
        ) from None
    return key


def _part(value: Any, kind: type) -> Any:
    if kind is int:
        if type(value) is not int or not 0 <= value <= MAX_ID:
            raise ValueError
        return value
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if not isinstance(value, str):
        raise TypeError
    return value


def refuse_offset(request: HttpRequest) -> None:
    """Offsets are gone: say so rather than silently return the first page again."""
    if "offset" in request.GET:
        raise HttpError(
            422, "offset: this API pages with a cursor; follow the 'next' link instead of offset"
        )


def next_url(request: HttpRequest, key: tuple[Any, ...] | None) -> str | None:
    """The absolute URL of the page after ``key`` (None on the last page)."""
    if key is None:
        return None
    params = request.GET.copy()
    params["cursor"] = encode_cursor(key)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def split_page(rows: list[Any], limit: int) -> tuple[list[Any], bool]:
    """(the page, whether more follow) from ``limit + 1`` fetched rows."""
    if len(rows) > limit:
        return rows[:limit], True
    return rows, False
