"""Per-segment reductions shared by every chart: baselines, sums, moving ranges."""

from __future__ import annotations

import numpy as np

from ._segments import Layout


def divide(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, NaN where den is 0 (an empty segment has no mean, not a warning)."""
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def baseline_mask(
    layout: Layout, valid: np.ndarray | None, fix_seg: np.ndarray | None
) -> np.ndarray | None:
    """Rows that set the centre and limits: observed and among the first k of the segment.

    ``None`` means "every row" so the common case allocates nothing. ``k``
    counts rows, missing ones included (methodology §1 step 1).
    """
    if fix_seg is None or not fix_seg.any():
        return valid
    k = np.where(fix_seg > 0, fix_seg, np.iinfo(np.int64).max)
    pos = np.arange(layout.n, dtype=np.int64) - layout.per_point(layout.seg_start[:-1])
    base = pos < layout.per_point(k)
    if valid is not None:
        base &= valid
    return base


def seg_sum(layout: Layout, values: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """Sum of ``values`` over the weighted rows of each segment."""
    if layout.n == 0:
        return np.zeros(layout.n_seg)
    v = values if weights is None else np.where(weights, values, 0.0)
    return np.add.reduceat(v, layout.seg_start[:-1])


def seg_count(layout: Layout, weights: np.ndarray | None) -> np.ndarray:
    """Number of weighted rows in each segment."""
    if weights is None:
        return layout.seg_len.astype(np.float64)
    if layout.n == 0:
        return np.zeros(layout.n_seg)
    return np.add.reduceat(weights.astype(np.int64), layout.seg_start[:-1]).astype(np.float64)


def seg_mean(layout: Layout, values: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    return divide(seg_sum(layout, values, weights), seg_count(layout, weights))


def moving_ranges(
    layout: Layout, values: np.ndarray, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """|v[i] - v[i-1]| padded to length n, and where it counts (empty when no weights).

    Element i is the range ending at row i. A range counts only when both
    rows are weighted (observed, in the baseline) and row i does not start a
    segment, so a gap removes the two ranges touching it and no range ever
    bridges a rebase. Ranges that do not count are 0, so plain sums work.
    """
    n = layout.n
    mr = np.empty(n)
    if n < 2:
        return np.zeros(n), np.zeros(n, bool)
    mr[0] = 0.0
    np.subtract(values[1:], values[:-1], out=mr[1:])
    np.abs(mr, out=mr)
    if weights is None:
        # No gaps: only segment starts lack a range. ``counts`` is then implied
        # by the segment lengths and callers do not read it.
        mr[layout.seg_start[:-1]] = 0.0
        return mr, np.zeros(0, bool)
    counts = np.ones(n, bool)
    counts[layout.seg_start[:-1]] = False
    counts[1:] &= weights[1:] & weights[:-1]
    counts[0] = False
    mr[~counts] = 0.0
    return mr, counts


def mean_moving_range(
    layout: Layout,
    values: np.ndarray,
    weights: np.ndarray | None,
    screen_seg: np.ndarray | None = None,
) -> np.ndarray:
    """Average moving range per segment, optionally screened once (Nelson 1982).

    Screening drops every range not strictly below 3.267 x the first average
    and averages again. When that average is 0 every range is 0 and all are
    kept (methodology §1), so an all-equal segment has zero-width limits
    rather than none.
    """
    mr, counts = moving_ranges(layout, values, weights)
    if layout.n == 0:
        return np.full(layout.n_seg, np.nan)
    starts = layout.seg_start[:-1]
    total = np.add.reduceat(mr, starts)
    if weights is None:
        count = (layout.seg_len - 1).astype(np.float64)
    else:
        count = np.add.reduceat(counts.astype(np.int64), starts).astype(np.float64)
    amr = divide(total, count)
    if screen_seg is None or not screen_seg.any():
        return amr
    cut = np.where(screen_seg & (amr > 0), 3.267 * amr, np.inf)
    # Few ranges are ever screened out: find them sparsely, zero them and sum
    # again (re-summing rather than subtracting keeps precision when the
    # dropped range is huge next to the rest).
    lengths = layout.seg_len
    if lengths.size and lengths.min() == lengths.max():
        # Equal segments (the usual batch): compare through a 2-D view, no repeat.
        dropped = np.flatnonzero(mr.reshape(len(lengths), -1) >= cut[:, None])
    else:
        dropped = np.flatnonzero(mr >= layout.per_point(cut))
    if dropped.size:
        seg = np.searchsorted(layout.seg_start, dropped, side="right") - 1
        mr[dropped] = 0.0
        total = np.add.reduceat(mr, starts)
        count = count - np.bincount(seg, minlength=layout.n_seg)
        amr = divide(total, count)
    return amr
