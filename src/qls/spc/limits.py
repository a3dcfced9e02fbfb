"""Centre lines and limits of the XmR chart (Making Data Count) and the run chart."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._segments import Layout
from ._stats import mean_moving_range, seg_count, seg_mean

# NHSRplotthedots uses 2.66 itself, not 3/1.128 = 2.6595..., and derives the
# close-to-limit line as 2 * (2.66 / 3); same operations here so the floats
# agree to the last bit for exactly representable inputs.
LIMIT = 2.66
CLOSE = 2 * (LIMIT / 3)
ONE_SIGMA = LIMIT / 3


@dataclass
class Lines:
    """Centre line, process limits and sigma lines of a chart.

    Arrays hold one value per segment when ``per_segment`` (XmR, c, g, t,
    run) or one per sorted row (p, u and the Laney charts, whose limits vary
    with the denominator). ``limits_mean`` is set for g charts only, where
    the limits come from the mean but the drawn centre line is the median.
    """

    cl: np.ndarray
    lpl: np.ndarray
    upl: np.ndarray
    l1: np.ndarray
    u1: np.ndarray
    l2: np.ndarray
    u2: np.ndarray
    per_segment: bool
    limits_mean: np.ndarray | None = None
    has_limits: bool = True

    def expanded(self, layout: Layout) -> Lines:
        """Per-row copy (sorted order); a no-op when already per row."""
        if not self.per_segment:
            return self
        rep = layout.per_point
        return Lines(
            cl=rep(self.cl),
            lpl=rep(self.lpl),
            upl=rep(self.upl),
            l1=rep(self.l1),
            u1=rep(self.u1),
            l2=rep(self.l2),
            u2=rep(self.u2),
            per_segment=False,
            limits_mean=None if self.limits_mean is None else rep(self.limits_mean),
            has_limits=self.has_limits,
        )


def lines_from_sigma(cl: np.ndarray, sigma: np.ndarray, per_segment: bool) -> Lines:
    """3-sigma limits and 1- and 2-sigma lines around ``cl`` (qicharts2 style)."""
    return Lines(
        cl=cl,
        lpl=cl - 3 * sigma,
        upl=cl + 3 * sigma,
        l1=cl - sigma,
        u1=cl + sigma,
        l2=cl - 2 * sigma,
        u2=cl + 2 * sigma,
        per_segment=per_segment,
    )


def xmr_lines(
    layout: Layout,
    y: np.ndarray,
    base: np.ndarray | None,
    screen_seg: np.ndarray | None,
) -> Lines:
    """Mean ± 2.66 x average moving range per segment (methodology §1 steps 1-5).

    A segment without a single moving range (one point, or gaps everywhere)
    gets NaN limits, i.e. no limits, while keeping its mean.
    """
    mean = seg_mean(layout, y, base)
    amr = mean_moving_range(layout, y, base, screen_seg)
    return Lines(
        cl=mean,
        lpl=mean - LIMIT * amr,
        upl=mean + LIMIT * amr,
        l1=mean - ONE_SIGMA * amr,
        u1=mean + ONE_SIGMA * amr,
        l2=mean - CLOSE * amr,
        u2=mean + CLOSE * amr,
        per_segment=True,
    )


def seg_median(layout: Layout, y: np.ndarray, base: np.ndarray | None) -> np.ndarray:
    """Median of the baseline values of each segment (R's ``median``: mean of the middle two).

    One lexsort of the whole batch by (segment, value); rows outside the
    baseline sort last within their segment as +inf and are never reached.
    """
    if layout.n == 0:
        return np.full(layout.n_seg, np.nan)
    key = y if base is None else np.where(base, y, np.inf)
    seg = np.repeat(np.arange(layout.n_seg), layout.seg_len)
    ordered = key[np.lexsort((key, seg))]
    count = seg_count(layout, base).astype(np.int64)
    start = layout.seg_start[:-1]
    has = count > 0
    lo = np.where(has, start + (count - 1) // 2, 0)
    hi = np.where(has, start + count // 2, 0)
    return np.where(has, (ordered[lo] + ordered[hi]) / 2, np.nan)


def run_lines(layout: Layout, y: np.ndarray, base: np.ndarray | None) -> Lines:
    """Run chart: the median as centre line and no limits at all."""
    med = seg_median(layout, y, base)
    none = np.full(layout.n_seg, np.nan)
    return Lines(
        cl=med,
        lpl=none,
        upl=none,
        l1=none,
        u1=none,
        l2=none,
        u2=none,
        per_segment=True,
        has_limits=False,
    )
