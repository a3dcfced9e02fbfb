"""Attribute and rare-event charts (qicharts2 definitions, 3 sigma): p, p', u, u', c, g, t."""

from __future__ import annotations

import numpy as np

from ._segments import Layout
from ._stats import divide, mean_moving_range, seg_mean, seg_sum
from .errors import SpcInputError
from .limits import Lines, lines_from_sigma, seg_median

RATIO_CHARTS = frozenset({"p", "pp", "u", "up"})
# d2 for moving ranges of two: sigma = mean moving range / 1.128 (qicharts2, Laney).
D2 = 1.128
T_POWER = 3.6


def _first(bad: np.ndarray) -> int | None:
    idx = np.flatnonzero(bad)
    return int(idx[0]) if idx.size else None


def validate(
    chart: str, y: np.ndarray | None, num: np.ndarray | None, den: np.ndarray | None
) -> None:
    """Refuse values the chart cannot take; rows are input rows (0-based)."""
    if chart in RATIO_CHARTS:
        assert num is not None
        assert den is not None
        with np.errstate(invalid="ignore"):
            row = _first(den <= 0)
            if row is not None:
                raise SpcInputError(
                    f"denominator must be above 0, not {den[row]!r}", column="denominator", row=row
                )
            row = _first(num < 0)
            if row is not None:
                raise SpcInputError(
                    f"numerator must not be negative, not {num[row]!r}", column="numerator", row=row
                )
            if chart in ("p", "pp"):
                row = _first(num > den)
                if row is not None:
                    raise SpcInputError(
                        f"numerator {num[row]!r} is above its denominator {den[row]!r}",
                        column="numerator",
                        row=row,
                    )
        return
    assert y is not None
    with np.errstate(invalid="ignore"):
        if chart == "t":
            row = _first(y <= 0)
            if row is not None:
                raise SpcInputError(
                    f"time between events must be above 0, not {y[row]!r}", column="y", row=row
                )
        elif chart in ("c", "g"):
            row = _first(y < 0)
            if row is not None:
                raise SpcInputError(
                    f"a count must not be negative, not {y[row]!r}", column="y", row=row
                )


def _clamp(lines: Lines, lower: float | None, upper: float | None) -> Lines:
    if lower is not None:
        for name in ("lpl", "l1", "l2"):
            setattr(lines, name, np.maximum(getattr(lines, name), lower))
    if upper is not None:
        for name in ("upl", "u1", "u2"):
            setattr(lines, name, np.minimum(getattr(lines, name), upper))
    return lines


def ratio_lines(
    chart: str,
    layout: Layout,
    y: np.ndarray,
    num: np.ndarray,
    den: np.ndarray,
    base: np.ndarray | None,
) -> Lines:
    """p, p', u, u': cl = Σnum / Σden over the baseline; sigma varies with each n_i."""
    cl_seg = divide(seg_sum(layout, num, base), seg_sum(layout, den, base))
    cl = layout.per_point(cl_seg)
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(cl * (1 - cl) / den) if chart in ("p", "pp") else np.sqrt(cl / den)
        if chart in ("pp", "up"):
            # Laney: rescale by the spread of the standardised values between
            # neighbours. A zero sigma (cl of 0 or 1) has z = 0 by decision.
            z = np.where(sigma > 0, (y - cl) / np.where(sigma > 0, sigma, 1.0), 0.0)
            sigma_z = mean_moving_range(layout, z, base) / D2
            # One point (no moving range) leaves sigma_z NaN: no limits, as qicharts2.
            sigma = sigma * layout.per_point(sigma_z)
    lines = lines_from_sigma(cl, sigma, per_segment=False)
    return _clamp(lines, 0.0, 1.0 if chart in ("p", "pp") else None)


def c_lines(layout: Layout, y: np.ndarray, base: np.ndarray | None) -> Lines:
    """c chart: mean count, sigma = sqrt(mean)."""
    cl = seg_mean(layout, y, base)
    return _clamp(lines_from_sigma(cl, np.sqrt(cl), per_segment=True), 0.0, None)


def g_lines(layout: Layout, y: np.ndarray, base: np.ndarray | None) -> Lines:
    """g chart: limits from the mean m with sigma = sqrt(m(m+1)); centre line the median."""
    m = seg_mean(layout, y, base)
    lines = _clamp(lines_from_sigma(m, np.sqrt(m * (m + 1)), per_segment=True), 0.0, None)
    lines.limits_mean = m
    lines.cl = seg_median(layout, y, base)
    return lines


def t_lines(layout: Layout, y: np.ndarray, base: np.ndarray | None) -> Lines:
    """t chart: individuals chart of y^(1/3.6), sigma = amr/1.128, unscreened, back-transformed."""
    yt = np.power(y, 1 / T_POWER)
    cl = seg_mean(layout, yt, base)
    sigma = mean_moving_range(layout, yt, base, None) / D2
    lines = _clamp(lines_from_sigma(cl, sigma, per_segment=True), 0.0, None)
    for name in ("cl", "lpl", "upl", "l1", "u1", "l2", "u2"):
        setattr(lines, name, np.power(getattr(lines, name), T_POWER))
    return lines
