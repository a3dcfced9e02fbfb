"""The instant a cut-off day ends, shared by every part of the section."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def end_of(day: dt.date) -> dt.datetime:
    """The last instant of ``day`` in the trust's time zone: "by the cut-off" includes it."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))
