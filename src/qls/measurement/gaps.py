"""The gap between two groups (most and least deprived), with 95% confidence intervals.

Plain functions over numbers or NumPy arrays (one value per period), no
Django, so the inequality pages, the gap SPC chart and the tests share one
piece of maths.

* Proportions (p-chart metrics: numerator of denominator):
  - absolute gap ``p1 - p2`` with Newcombe's hybrid score interval
    (Newcombe 1998, method 10: built from each group's Wilson interval; it
    stays inside [-1, 1] and behaves at 0% and 100%), and the simple Wald
    interval beside it for comparison;
  - relative gap ``p1 / p2`` (a risk ratio) with the usual interval on the
    log scale, ``se = sqrt(1/a - 1/n1 + 1/c - 1/n2)`` (Katz et al. 1978).
* Rates (u-chart metrics: events per exposure such as bed days):
  - difference ``r1 - r2`` with the Poisson (Wald) interval,
    ``se = sqrt(e1/t1² + e2/t2²)``;
  - rate ratio ``r1 / r2`` with ``se(log) = sqrt(1/e1 + 1/e2)``.
  Both scaled by the metric's multiplier (per 1,000 bed days and so on).
* Anything else (an XmR measure such as length of stay): the difference and
  ratio of the two values, with no interval, because an aggregated value
  carries no variance.

Where an interval cannot exist (a zero count on the log scale, a zero
denominator) the bound is ``NaN`` and the pages say there is no interval
and why, instead of a number: a made-up continuity correction would look more certain
than the data are.

>>> g = proportion_gap(56, 70, 48, 80)
>>> round(g.difference, 3), round(g.difference_low, 4), round(g.difference_high, 4)
(0.2, 0.0524, 0.3339)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

Z95 = 1.959963984540054  # the 97.5th centile of the standard normal

__all__ = [
    "Z95",
    "Gap",
    "proportion_gap",
    "rate_gap",
    "value_gap",
    "wilson_interval",
]


@dataclass(frozen=True)
class Gap:
    """Absolute and relative gap of group 1 against group 2, with 95% intervals.

    Each field is a float for scalar input, or an array with one value per
    period. ``method`` names the interval used for the difference.
    """

    difference: Any
    difference_low: Any
    difference_high: Any
    ratio: Any
    ratio_low: Any
    ratio_high: Any
    method: str
    wald_low: Any = None
    wald_high: Any = None


def _arr(value: Any) -> np.ndarray:
    return np.asarray(value, dtype=np.float64)


def _out(value: np.ndarray, scalar: bool) -> Any:
    return float(value) if scalar else value


def wilson_interval(x: Any, n: Any, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x successes of n (NaN where n ≤ 0)."""
    x, n = _arr(x), _arr(n)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        z2 = z * z
        denom = 1 + z2 / n
        centre = (p + z2 / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
        low, high = centre - half, centre + half
    bad = ~(n > 0)
    low = np.where(bad, np.nan, np.clip(low, 0.0, 1.0))
    high = np.where(bad, np.nan, np.clip(high, 0.0, 1.0))
    return low, high


def proportion_gap(x1: Any, n1: Any, x2: Any, n2: Any, *, z: float = Z95) -> Gap:
    """Gap between proportions x1/n1 and x2/n2 (Newcombe difference, log risk ratio)."""
    scalar = all(np.ndim(v) == 0 for v in (x1, n1, x2, n2))
    a, n1a, c, n2a = _arr(x1), _arr(n1), _arr(x2), _arr(n2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1, p2 = a / n1a, c / n2a
        d = p1 - p2
        l1, u1 = wilson_interval(a, n1a, z)
        l2, u2 = wilson_interval(c, n2a, z)
        low = d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
        high = d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
        se_wald = np.sqrt(p1 * (1 - p1) / n1a + p2 * (1 - p2) / n2a)
        wald_low, wald_high = d - z * se_wald, d + z * se_wald
        ratio = np.where(p2 > 0, p1 / p2, np.nan)
        ok = (a > 0) & (c > 0) & (n1a > 0) & (n2a > 0)
        se_log = np.sqrt(np.where(ok, 1 / a - 1 / n1a + 1 / c - 1 / n2a, np.nan))
        ratio_low = np.where(ok, np.exp(np.log(ratio) - z * se_log), np.nan)
        ratio_high = np.where(ok, np.exp(np.log(ratio) + z * se_log), np.nan)
    return Gap(
        difference=_out(d, scalar),
        difference_low=_out(low, scalar),
        difference_high=_out(high, scalar),
        ratio=_out(ratio, scalar),
        ratio_low=_out(ratio_low, scalar),
        ratio_high=_out(ratio_high, scalar),
        method="Newcombe hybrid score",
        wald_low=_out(wald_low, scalar),
        wald_high=_out(wald_high, scalar),
    )


def rate_gap(e1: Any, t1: Any, e2: Any, t2: Any, *, multiplier: float = 1.0, z: float = Z95) -> Gap:
    """Gap between event rates e1/t1 and e2/t2 (Poisson), each times ``multiplier``."""
    scalar = all(np.ndim(v) == 0 for v in (e1, t1, e2, t2))
    e1a, t1a, e2a, t2a = _arr(e1), _arr(t1), _arr(e2), _arr(t2)
    with np.errstate(invalid="ignore", divide="ignore"):
        r1, r2 = e1a / t1a, e2a / t2a
        d = (r1 - r2) * multiplier
        se = np.sqrt(e1a / t1a**2 + e2a / t2a**2) * multiplier
        ratio = np.where(r2 > 0, r1 / r2, np.nan)
        ok = (e1a > 0) & (e2a > 0) & (t1a > 0) & (t2a > 0)
        se_log = np.sqrt(np.where(ok, 1 / e1a + 1 / e2a, np.nan))
        ratio_low = np.where(ok, np.exp(np.log(ratio) - z * se_log), np.nan)
        ratio_high = np.where(ok, np.exp(np.log(ratio) + z * se_log), np.nan)
    return Gap(
        difference=_out(d, scalar),
        difference_low=_out(d - z * se, scalar),
        difference_high=_out(d + z * se, scalar),
        ratio=_out(ratio, scalar),
        ratio_low=_out(ratio_low, scalar),
        ratio_high=_out(ratio_high, scalar),
        method="Poisson (Wald) difference, log rate ratio",
    )


def value_gap(v1: Any, v2: Any) -> Gap:
    """Difference and ratio of two plain values (no interval: no variance is known)."""
    scalar = np.ndim(v1) == 0 and np.ndim(v2) == 0
    a, b = _arr(v1), _arr(v2)
    with np.errstate(invalid="ignore", divide="ignore"):
        d = a - b
        ratio = np.where(b != 0, a / b, np.nan)
    nan = np.full_like(d, np.nan)
    return Gap(
        difference=_out(d, scalar),
        difference_low=_out(nan, scalar),
        difference_high=_out(nan, scalar),
        ratio=_out(ratio, scalar),
        ratio_low=_out(nan, scalar),
        ratio_high=_out(nan, scalar),
        method="difference of values (no interval)",
    )
