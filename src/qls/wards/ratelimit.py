"""The limit on anonymous issue submissions, counted in the product's shared rate limiter.

The public event page needs no sign-in, so it counts submissions per
client address and per browser session: a person on a shared ward PC and a
script cycling sessions are both held back. The counts live in the shared
cache (``qls.core.ratelimit``: the database cache by default, Redis where
configured), so every web process spends the same allowance: ten a window
means ten, however many gunicorn workers answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.conf import settings

from qls.core import ratelimit

DEFAULT_LIMIT = 10
DEFAULT_WINDOW_SECONDS = 600


def limit() -> int:
    return int(getattr(settings, "WARDS_ISSUE_LIMIT", DEFAULT_LIMIT))


def window_seconds() -> int:
    return int(getattr(settings, "WARDS_ISSUE_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS))


def rate() -> ratelimit.Rate:
    return ratelimit.Rate(limit(), window_seconds())


def seconds_left() -> int:
    """Seconds until the current window ends and the counts start again."""
    window = window_seconds()
    return window - int(time.time()) % window


def spend(keys: Iterable[str]) -> bool:
    """Spend one submission from each key's allowance; False when any key has none left.

    Checking and counting are one step in the shared cache, so two workers
    cannot both take the last submission. Keys are tried in order and the
    first refusal stops, so a refused request spends nothing further.
    """
    current = rate()
    for key in keys:
        if key and not ratelimit.hit(f"wards:issues:{key}", current).allowed:
            return False
    return True


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
