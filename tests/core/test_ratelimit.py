"""The shared rate limiter spends a slot only when the slot is really taken."""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache

from qls.core import ratelimit


class _FlakyCache(LocMemCache):
    """A cache whose writes fail silently a set number of times, as the database cache's do."""

    def __init__(self, failures: int):
        super().__init__("flaky-ratelimit", {})
        self.failures = failures

    def add(self, key, value, timeout=None, version=None):
        if self.failures:
            self.failures -= 1
            return False
        return super().add(key, value, timeout=timeout, version=version)


def test_a_failed_write_does_not_spend_the_slot(monkeypatch):
    cache = _FlakyCache(failures=2)
    monkeypatch.setattr(ratelimit, "_cache", lambda: cache)
    monkeypatch.setattr(ratelimit.time, "sleep", lambda seconds: None)
    rate = ratelimit.Rate(3, 60)

    answers = [ratelimit.hit("flaky", rate, now=1000.0).allowed for _ in range(4)]

    assert answers == [True, True, True, False]


def test_a_cache_that_never_writes_refuses_rather_than_loops(monkeypatch):
    cache = _FlakyCache(failures=10_000)
    monkeypatch.setattr(ratelimit, "_cache", lambda: cache)
    monkeypatch.setattr(ratelimit.time, "sleep", lambda seconds: None)

    decision = ratelimit.hit("broken", ratelimit.Rate(3, 60), now=1000.0)

    assert not decision.allowed
    assert decision.retry_after == 20
