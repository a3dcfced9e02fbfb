"""Times of day on the demo's dates, in the trust's time zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))
