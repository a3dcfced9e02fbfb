"""Periods: every measure is dated by the first day of its period.

Days are themselves; weeks start on Monday; months on the 1st; quarters on
1 January, 1 April, 1 July and 1 October. A figure is stored, charted and
judged at its own frequency: a quarterly survey is four points a year, never
carried into each month (which makes two of every three moving ranges zero
and its XmR limits meaningless).
"""

from __future__ import annotations

import calendar
import datetime as dt

DAY, WEEK, MONTH, QUARTER = "day", "week", "month", "quarter"
PER_YEAR = {DAY: 365, WEEK: 52, MONTH: 12, QUARTER: 4}
UNIT = {DAY: "day", WEEK: "week", MONTH: "month", QUARTER: "quarter"}


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The first day of the period holding ``day``.

    >>> period_start(dt.date(2025, 5, 17), "quarter")
    datetime.date(2025, 4, 1)
    """
    if frequency == WEEK:
        return day - dt.timedelta(days=day.weekday())
    if frequency == MONTH:
        return day.replace(day=1)
    if frequency == QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day


def period_problem(day: dt.date, frequency: str) -> str | None:
    """Why ``day`` is not the start of a period of ``frequency``, or None."""
    if frequency == WEEK and day.isoweekday() != 1:
        return f"{day:%Y-%m-%d} is a {day:%A}; weekly periods start on a Monday"
    if frequency == MONTH and day.day != 1:
        return f"{day:%Y-%m-%d} is not the first day of a month; monthly periods are dated the 1st"
    if frequency == QUARTER and (day.day != 1 or day.month not in (1, 4, 7, 10)):
        return (
            f"{day:%Y-%m-%d} does not start a quarter; quarterly periods are dated "
            "1 January, 1 April, 1 July or 1 October"
        )
    return None


def quarter_number(day: dt.date) -> int:
    """1 to 4: the calendar quarter holding ``day``."""
    return (day.month - 1) // 3 + 1


def quarter_name(period: dt.date) -> str:
    """'Q2 2025' for the quarter April to June 2025 (calendar quarters)."""
    return f"Q{quarter_number(period)} {period.year}"


def month_end(day: dt.date) -> dt.date:
    """The last day of the month holding ``day``."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb).

    >>> add_months(dt.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    """
    index = day.year * 12 + day.month - 1 + months
    first = dt.date(index // 12, index % 12 + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


def period_label(period: dt.date, frequency: str) -> str:
    """How a period is written on a page: 'May 2025', 'Week of 5 May 2025', 'Q2 2025'."""
    if frequency == MONTH:
        return f"{period:%B %Y}"
    if frequency == WEEK:
        return f"Week of {period.day} {period:%b %Y}"
    if frequency == QUARTER:
        last_month = add_periods(period, QUARTER, 1) - dt.timedelta(days=1)
        return f"{quarter_name(period)} ({period:%b} to {last_month:%b %Y})"
    return f"{period.day} {period:%b %Y}"


def add_periods(period: dt.date, frequency: str, n: int) -> dt.date:
    """The period ``n`` periods after (or before, when negative) ``period``."""
    if frequency == DAY:
        return period + dt.timedelta(days=n)
    if frequency == WEEK:
        return period + dt.timedelta(weeks=n)
    months = n * (3 if frequency == QUARTER else 1)
    index = period.year * 12 + period.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def periods_between(first: dt.date, later: dt.date, frequency: str) -> int:
    """Whole periods from ``first`` to ``later`` (negative when ``later`` is earlier)."""
    if frequency == DAY:
        return (later - first).days
    if frequency == WEEK:
        return round((later - first).days / 7)
    months = (later.year - first.year) * 12 + later.month - first.month
    return months // 3 if frequency == QUARTER else months
