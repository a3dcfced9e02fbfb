"""Reporting periods: a month, written "YYYY-MM", reported at its last day."""

from __future__ import annotations

import datetime as dt
import re

from qls.core.periods import month_end
from qls.reports.errors import PeriodError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> dt.date:
    """The first day of the month written "YYYY-MM".

    >>> parse_month("2026-03")
    datetime.date(2026, 3, 1)
    """
    match = _MONTH.match((text or "").strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise PeriodError(f"Enter the period as a year and month, like 2026-03 (not {text!r}).")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def cutoff_for(period: dt.date, today: dt.date) -> dt.date:
    """The cut-off of a month's edition: its last day, which must not be in the future."""
    cutoff = month_end(period)
    if cutoff > today:
        raise PeriodError(
            f"{period:%B %Y} is not over yet: its cut-off date, {cutoff:%-d %B %Y}, is in the "
            "future. Choose a month that has ended."
        )
    return cutoff


def parse_day(text: str) -> dt.date:
    """A day written "YYYY-MM-DD"; ValueError with a readable message otherwise."""
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValueError(f"Enter the day as YYYY-MM-DD, like 2026-03-05 (not {text!r}).") from None
