"""A small fixed-window limit on anonymous issue submissions, kept in Django's cache.

The public event page needs no sign-in, so it counts submissions per
client address and per browser session: a person on a shared ward PC and a
script cycling sessions are both held back. With several web processes the
cache must be shared (Redis in production) for the limit to hold exactly;
the local-memory default is per process, which is still a brake.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMIT = 10
DEFAULT_WINDOW_SECONDS = 600


def limit() -> int:
    return int(getattr(settings, "WARDS_ISSUE_LIMIT", DEFAULT_LIMIT))


def window_seconds() -> int:
    return int(getattr(settings, "WARDS_ISSUE_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS))


def _bucket(key: str) -> str:
    window = window_seconds()
    return f"wards:issues:{key}:{int(time.time() // window)}"


def seconds_left() -> int:
    """Seconds until the current window ends and the counts start again."""
    window = window_seconds()
    return window - int(time.time()) % window


def exceeded(keys: Iterable[str]) -> bool:
    """True when any key already used up its submissions in this window."""
    cap = limit()
    return any((cache.get(_bucket(k)) or 0) >= cap for k in keys if k)


def count(keys: Iterable[str]) -> None:
    """Record one submission against each key."""
    window = window_seconds()
    for key in keys:
        if not key:
            continue
        bucket = _bucket(key)
        # add() is atomic where the cache supports it; incr() then counts on.
        if not cache.add(bucket, 1, timeout=window):
            try:
                cache.incr(bucket)
            except ValueError:  # expired between add and incr
                cache.set(bucket, 1, timeout=window)


def client_keys(request) -> list[str]:
    """The client address and the session key.

    REMOTE_ADDR, not X-Forwarded-For: a header anyone can set would let a
    script claim a new address per request. Behind a proxy, set REMOTE_ADDR
    from the proxy's trusted header in the web server.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if not request.session.session_key:
        request.session.save()
    return [f"ip:{address}", f"session:{request.session.session_key}"]
