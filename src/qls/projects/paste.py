"""Reading measure data pasted from a spreadsheet, and checking grid rows.

One line per period: the period, a tab, then the value — or, for a p or u
chart, the numerator, a tab and the denominator. Copying two or three
columns from Excel gives exactly that. Lines without a tab may use commas.
A first line that is a header ("Week<TAB>Falls") is skipped; blank lines are
skipped. Periods are written as 2025-03-03, 03/03/2025, 3 Mar 2025, or for
monthly measures Mar 2025 / 2025-03, and each is moved to the first day of
its period (weeks start on Monday, months on the 1st).

Every line is checked before anything is returned, and every problem is
reported with its line number, so the person can fix them all at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from qls.core import periods
from qls.projects.errors import PasteError

MAX_LINES = 5000
# A period or a number fits in far fewer; a longer cell is refused, never echoed.
CELL_MAX = 100
PASTE_MAX_CHARS = MAX_LINES * 100

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%b-%y")
_MONTH_FORMATS = ("%b %Y", "%B %Y", "%Y-%m", "%m/%Y", "%b-%y", "%b-%Y")


@dataclass(frozen=True)
class Row:
    period: dt.date
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    line: int = 0

    @property
    def y(self) -> float | None:
        if self.value is not None:
            return self.value
        if self.numerator is not None and self.denominator:
            return self.numerator / self.denominator
        return None


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The first day of the period holding ``day`` (``qls.core.periods``)."""
    return periods.period_start(day, frequency)


def parse_date(text: str, frequency: str) -> dt.date | None:
    """The date as typed, from the usual spreadsheet spellings (a month alone, for
    monthly or quarterly data, is its 1st)."""
    text = " ".join(text.strip().split())
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    # Excel sometimes copies dates with a time of midnight.
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    if frequency in ("month", "quarter"):
        for fmt in _MONTH_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    return None


def parse_period(text: str, frequency: str) -> dt.date | None:
    """The start of the period holding the date in ``text``, or None if it is not a date."""
    day = parse_date(text, frequency)
    return None if day is None else period_start(day, frequency)


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def parse_number(text: str) -> float | None:
    """A number as a spreadsheet shows it: 1,234.5 or 85% (as 85); None if not one."""
    text = text.strip().replace("\u00a0", "").replace(" ", "")
    text = text.removesuffix("%")
    if not text or not _NUMBER.match(text) or text in ("+", "-", "."):
        return None
    value = float(text.replace(",", ""))
    return value if math.isfinite(value) else None


def _cells(line: str) -> list[str]:
    if "\t" in line:
        cells = line.split("\t")
    elif ";" in line:
        cells = line.split(";")
    else:
        cells = line.split(",")
    # Trailing empty cells come from copying a wider selection.
    while cells and not cells[-1].strip():
        cells.pop()
    return [c.strip() for c in cells]


def check_value(
    *, value: float | None, numerator: float | None, denominator: float | None, chart_type: str
) -> str | None:
    """Why a value cannot go on this chart, or None when it can (mirrors qls.spc)."""
    if chart_type in ("p", "u"):
        if numerator is None or denominator is None:
            return "needs a numerator and a denominator"
        if denominator <= 0:
            return "the denominator must be above 0"
        if numerator < 0:
            return "the numerator must not be negative"
        if chart_type == "p" and numerator > denominator:
            return "the numerator is larger than the denominator (a proportion is at most 1)"
        return None
    if value is None:
        return "needs a value"
    if chart_type == "t" and value <= 0:
        return "the time between events must be above 0"
    if chart_type in ("c", "g") and value < 0:
        return "a count must not be negative"
    return None


def parse_paste(
    text: str, *, frequency: str, chart_type: str, today: dt.date | None = None
) -> list[Row]:
    """Rows from pasted text, sorted by period, or ``PasteError`` naming every bad line.

    A date after ``today`` (the server's date unless given) is refused: data
    cannot describe a day that has not come.
    """
    today = today or dt.date.today()
    ratio = chart_type in ("p", "u")
    lines = (text or "").splitlines()
    if len(lines) > MAX_LINES:
        raise PasteError(
            [f"Paste at most {MAX_LINES:,} lines at once (you pasted {len(lines):,})."]
        )
    errors: list[str] = []
    rows: list[Row] = []
    seen: dict[dt.date, int] = {}
    first_content = True
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        cells = _cells(raw)
        long_cells = [
            f"column {i}: a cell must be {CELL_MAX:,} characters or fewer (it has {len(c):,})"
            for i, c in enumerate(cells, start=1)
            if len(c) > CELL_MAX
        ]
        if long_cells:
            errors.append(f"Line {number}, " + "; ".join(long_cells) + ".")
            first_content = False
            continue
        typed = parse_date(cells[0], frequency) if cells else None
        period = None if typed is None else period_start(typed, frequency)
        is_first, first_content = first_content, False
        if period is None and is_first and all(parse_number(c) is None for c in cells[1:]):
            continue  # a header line
        wanted = 3 if ratio else 2
        if len(cells) != wanted:
            shape = "period, numerator and denominator" if ratio else "period and value"
            errors.append(
                f"Line {number}: expected {wanted} columns ({shape}) separated by tabs, "
                f"found {len(cells)}."
            )
            continue
        if period is None:
            errors.append(
                f"Line {number}: '{cells[0]}' is not a date; write it as 2025-03-03 or 03/03/2025."
            )
            continue
        if typed is not None and typed > today:
            errors.append(
                f"Line {number}: the date {typed:%d %b %Y} is in the future; enter data only "
                "for periods that have begun."
            )
            continue
        numbers = [parse_number(c) for c in cells[1:]]
        names = ["numerator", "denominator"] if ratio else ["value"]
        bad = [
            f"the {n} '{c}' is not a number"
            for n, c, v in zip(names, cells[1:], numbers, strict=True)
            if v is None
        ]
        if bad:
            errors.append(f"Line {number}: " + "; ".join(bad) + ".")
            continue
        if ratio:
            row = Row(period, numerator=numbers[0], denominator=numbers[1], line=number)
        else:
            row = Row(period, value=numbers[0], line=number)
        problem = check_value(
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            chart_type=chart_type,
        )
        if problem:
            errors.append(f"Line {number}: {problem}.")
            continue
        if period in seen:
            errors.append(
                f"Line {number}: the period starting {period:%d %b %Y} is also on line {seen[period]}."
            )
            continue
        seen[period] = number
        rows.append(row)
    if errors:
        raise PasteError(errors)
    if not rows:
        raise PasteError(["Paste at least one line: a period and a value."])
    return sorted(rows, key=lambda r: r.period)


def duplicates(periods: Iterable[dt.date]) -> list[dt.date]:
    seen: set[dt.date] = set()
    dup = []
    for p in periods:
        if p in seen:
            dup.append(p)
        seen.add(p)
    return dup
