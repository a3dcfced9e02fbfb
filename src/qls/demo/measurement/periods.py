"""The measurement demo's periods, and where its deliberate improvements start."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from qls.core import periods as core_periods
from qls.demo.measurement.catalogue import IMPROVEMENT_PLAN, METRICS, MONTHS, WEEKS, YEARS

# ----------------------------------------------------------------- periods


def last_complete_periods(today: dt.date | None = None) -> dict[str, dt.date]:
    """The last complete week (a Monday), month (the 1st) and quarter before ``today``."""
    today = today or dt.date.today()
    this_monday = today - dt.timedelta(days=today.weekday())
    first = today.replace(day=1)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    this_quarter = core_periods.period_start(today, "quarter")
    return {
        "week": this_monday - dt.timedelta(days=7),
        "month": prev_month,
        "quarter": core_periods.add_periods(this_quarter, "quarter", -1),
        "day": today,
    }


def periods(freq: str, today: dt.date | None = None) -> list[dt.date]:
    end = last_complete_periods(today)[freq]
    if freq == "week":
        return [end - dt.timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]
    if freq == "quarter":
        return [core_periods.add_periods(end, "quarter", -i) for i in range(4 * YEARS)][::-1]
    out = []
    y, m = end.year, end.month
    for _ in range(MONTHS):
        out.append(dt.date(y, m, 1))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def period_days(freq: str, ps: Sequence[dt.date]) -> np.ndarray:
    if freq == "week":
        return np.full(len(ps), 7.0)
    step = "quarter" if freq == "quarter" else "month"
    return np.array([(core_periods.add_periods(p, step, 1) - p).days for p in ps], float)


_SPECS = {s.code: s for s in METRICS}


def demo_improvements(today: dt.date | None = None) -> list[tuple[str, str, dt.date]]:
    """(metric code, ward code, first improved period) of each deliberate improvement.

    Each is a lasting step in the improvement direction from that period on
    (enough to make a shift of 7+ points); the projects demo places an adopted
    change two to six weeks before it.
    """
    out = []
    for code, ward, back in IMPROVEMENT_PLAN:
        ps = periods(_SPECS[code].freq, today)
        out.append((code, ward, ps[len(ps) - 1 - back]))
    return out


DEMO_IMPROVEMENTS: list[tuple[str, str, dt.date]] = demo_improvements()
