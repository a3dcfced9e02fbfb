"""A fixed-window request limit per key, counted in a cache every web process shares.

The count is kept with ``cache.add`` alone: the n-th request of a window
claims the slot key ``<bucket>:<n>``, and ``add`` succeeds for exactly one
caller per key on every backend (a primary key in the database cache, SET NX
in Redis). A plain get-then-set counter loses requests when two processes
race; this one cannot, so a limit of 600 a minute is 600 across all workers.
A small hint key remembers the next free slot, so a request costs a few
cache calls, not one per earlier request.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "shared"
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
# Times one free slot is tried again after the cache failed to write it.
_WRITE_RETRIES = 5
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*(second|minute|hour|day)s?\s*$")


class RateSyntaxError(ValueError):
    """A rate is not written as '<count>/<unit>', e.g. '600/minute'."""


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    retry_after: int  # seconds until the window ends; 0 when allowed


def parse_rate(text: str) -> Rate:
    """'600/minute' -> Rate(600, 60); '100/5minutes' -> Rate(100, 300).

    >>> parse_rate("600/minute")
    Rate(count=600, seconds=60)
    """
    match = _RATE.match(text or "")
    if not match:
        raise RateSyntaxError(
            f"rate {text!r} is not like '600/minute' (units: second, minute, hour, day)"
        )
    count, multiple, unit = int(match[1]), int(match[2] or 1), match[3]
    if count < 1 or multiple < 1:
        raise RateSyntaxError(f"rate {text!r} must allow at least one request per window")
    return Rate(count, multiple * _UNITS[unit])


def _cache():
    alias = CACHE_ALIAS if CACHE_ALIAS in settings.CACHES else "default"
    return caches[alias]


def hit(key: str, rate: Rate, *, now: float | None = None) -> Decision:
    """Count one request for ``key``; refused once ``rate.count`` are used this window."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
    bucket = f"ratelimit:{key}:{rate.seconds}:{window}"
    cache = _cache()
    # Keys outlive the window a little so a slow clock on one worker still sees them.
    ttl = rate.seconds + 5
    slot = max(1, int(cache.get(f"{bucket}:next") or 1))
    failed_writes = 0
    while slot <= rate.count:
        if cache.add(f"{bucket}:{slot}", 1, timeout=ttl):
            cache.set(f"{bucket}:next", slot + 1, timeout=ttl)
            return Decision(True, rate.count, rate.count - slot, 0)
        if cache.get(f"{bucket}:{slot}") is None and failed_writes < _WRITE_RETRIES:
            # The database cache answers False when its write fails (a busy
            # SQLite file, say), not only when the slot is taken: the slot is
            # still free, so try it again rather than spend it.
            failed_writes += 1
            time.sleep(0.05 * failed_writes)
            continue
        slot += 1
    cache.set(f"{bucket}:next", slot, timeout=ttl)
    return Decision(False, rate.count, 0, retry_after)
