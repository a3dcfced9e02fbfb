"""A metric's multiplier: between the units the engine works in and the units people read.

p and u charts are analysed on numerator and denominator, so every value the
engine returns for them is a proportion or a rate per one. People read them
per 100 (a percentage) or per 1,000 bed days: the metric's multiplier. A value
given in those units, a target, goes into the engine divided by it; every
value that comes out (points, lines, the target echoed back, the summary's
last mean and limits) is multiplied by it. Other charts analyse values as
they were given, so their factor is 1.

Written once here so the dashboards, the project measures and the board
reports cannot disagree about which charts are scaled or which columns are.

>>> f = factor("u", 1000)
>>> to_engine(2.5, f), to_display(0.0025, f)
(0.0025, 2.5)
>>> factor("xmr", 1000), factor("p", None)
(1.0, 1.0)
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from typing import Any, TypeVar, overload

import numpy as np

from .attribute import RATIO_CHARTS

# Columns of result.points in the metric's own units, so scaled on the way out.
SCALED_POINT_COLUMNS = (
    "y",
    "mean",
    "lpl",
    "upl",
    "lower_one_sigma",
    "upper_one_sigma",
    "lower_two_sigma",
    "upper_two_sigma",
    "target",
)
# Columns of result.summary in the metric's own units.
SCALED_SUMMARY_COLUMNS = ("last_mean", "last_lpl", "last_upl", "target")

_Number = TypeVar("_Number", float, np.ndarray)


def factor(chart: str, multiplier: float | None) -> float:
    """Engine units times this are display units: the multiplier for a ratio chart, else 1.

    A missing or zero multiplier counts as 1 (the database refuses 0, but an
    unsaved metric may not have one yet).
    """
    if chart not in RATIO_CHARTS or not multiplier:
        return 1.0
    return float(multiplier)


@overload
def to_display(value: None, by: float | np.ndarray) -> None: ...
@overload
def to_display(value: _Number, by: float | np.ndarray) -> _Number: ...
def to_display(value: Any, by: float | np.ndarray) -> Any:
    """A value (or an array of them) the engine returned, in the units people read."""
    return None if value is None else value * by


@overload
def to_engine(value: None, by: float) -> None: ...
@overload
def to_engine(value: _Number, by: float) -> _Number: ...
def to_engine(value: Any, by: float) -> Any:
    """A value in the units people read (a target), in the engine's units."""
    return None if value is None else value / by


def rows_to_display(
    rows: Iterable[MutableMapping[str, Any]],
    by: float,
    columns: Iterable[str] = SCALED_POINT_COLUMNS,
) -> None:
    """Scale the given columns of each row in place; missing and None values stay as they are.

    >>> rows = [{"y": 0.02, "mean": None, "segment": 1}]
    >>> rows_to_display(rows, 100.0)
    >>> rows
    [{'y': 2.0, 'mean': None, 'segment': 1}]
    """
    if by == 1.0:
        return
    keys = tuple(columns)
    for row in rows:
        for key in keys:
            if row.get(key) is not None:
                row[key] = row[key] * by
