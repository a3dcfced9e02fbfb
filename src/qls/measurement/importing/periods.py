"""Dates in extracts: which formats are read, and SQL to parse and check them.

Two formats are accepted, ISO (``2024-03-01``, optionally with a time) and
the UK day-first one (``01/03/2024``). A file must use one of them throughout:
a mix is how a US-formatted export or a hand-edited row shows itself, and
guessing would silently swap days and months. The format of the file is that
of its first date.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from qls.measurement.models import Frequency

ISO = "YYYY-MM-DD"
UK = "DD/MM/YYYY"


def style_sql(text: str) -> str:
    """SQL naming the format of a date cell: 'YYYY-MM-DD', 'DD/MM/YYYY' or NULL."""
    return (
        f"CASE WHEN regexp_full_match({text}, '\\d{{4}}-\\d{{2}}-\\d{{2}}([ T].*)?') THEN '{ISO}' "
        f"WHEN regexp_full_match({text}, '\\d{{1,2}}/\\d{{1,2}}/\\d{{4}}( .*)?') THEN '{UK}' END"
    )


def parse_sql(text: str, style: str) -> str:
    """SQL parsing a date cell in the given style; NULL when not a real date."""
    return (
        f"CASE {style} WHEN '{ISO}' THEN TRY_CAST(substr({text}, 1, 10) AS DATE) "
        f"WHEN '{UK}' THEN TRY_CAST(try_strptime(split_part({text}, ' ', 1), '%d/%m/%Y') AS DATE) END"
    )


def parse_fast_sql(text: str, file_style: str | None) -> str:
    """SQL parsing a date cell in the file's own format only; NULL otherwise.

    The aggregating pass over a large extract uses this: a cell in another
    format, or not a date, is simply a bad row, explained by the slower
    listing pass that follows.
    """
    if file_style == ISO:
        return (
            f"CASE WHEN length({text}) = 10 OR substr({text}, 11, 1) IN (' ', 'T') "
            f"THEN TRY_CAST(substr({text}, 1, 10) AS DATE) END"
        )
    if file_style == UK:
        return f"TRY_CAST(try_strptime(split_part({text}, ' ', 1), '%d/%m/%Y') AS DATE)"
    return "CAST(NULL AS DATE)"


def period_start_sql(date: str, frequency: str) -> str:
    """SQL truncating a date to the first day of its period (weeks start on Monday)."""
    if frequency == Frequency.WEEK:
        return f"CAST(date_trunc('week', {date}) AS DATE)"
    if frequency == Frequency.MONTH:
        return f"CAST(date_trunc('month', {date}) AS DATE)"
    if frequency == Frequency.QUARTER:
        return f"CAST(date_trunc('quarter', {date}) AS DATE)"
    return date


def today_sql(today: dt.date | None = None) -> str:
    """Today in the trust's time zone, as a DuckDB date literal."""
    return f"DATE '{(today or timezone.localdate()).isoformat()}'"


def period_problem_sql(date: str, frequency: str, today: dt.date | None = None) -> str:
    """SQL giving why a date is not the start of a period of the frequency, or NULL.

    A period that has not begun yet is refused too: data cannot describe it.
    """
    return (
        f"CASE WHEN {date} > {today_sql(today)} THEN strftime({date}, '%Y-%m-%d') || "
        "' is in the future: only periods that have begun can be imported' "
        f"WHEN {frequency} = 'week' AND isodow({date}) <> 1 THEN "
        f"strftime({date}, '%Y-%m-%d') || ' is a ' || dayname({date}) || "
        "'; weekly periods start on a Monday' "
        f"WHEN {frequency} = 'month' AND day({date}) <> 1 THEN "
        f"strftime({date}, '%Y-%m-%d') || ' is not the first day of a month; monthly periods "
        "are dated the 1st' "
        f"WHEN {frequency} = 'quarter' AND (day({date}) <> 1 OR month({date}) NOT IN (1, 4, 7, 10)) "
        f"THEN strftime({date}, '%Y-%m-%d') || ' does not start a quarter; quarterly periods are "
        "dated 1 January, 1 April, 1 July or 1 October (a monthly file for a quarterly metric?)' "
        "END"
    )
