"""XmR and c charts with the Making Data Count rules as one compiled loop per segment.

This module holds the numba source only; ``_kernel`` decides when it is
loaded. Each segment (rows ``a..b`` of the sorted batch) is visited three
times while it is still in cache: the baseline sums, then the lines and the
rule runs, then the precedence and point types. The NumPy path in
``limits``, ``rules`` and ``runs`` is the reference; every float here is the
same operation in the same order, so the answers are identical bit for bit:

* sums repeat NumPy's ``np.add.reduceat``: the first row, plus the pairwise
  sum of the rest (8 accumulators, blocks of 128, halves on multiples of 8);
* the lines are ``mean ± constant * amr`` exactly as ``xmr_lines`` writes them;
* runs are counted on the observed rows only, as ``rules.Observed`` removes
  missing rows before the windows.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .limits import CLOSE, LIMIT, ONE_SIGMA
from .rules import SHIFT_LENGTH, TREND_LENGTH

SCREEN = 3.267
BLOCK = 128  # NumPy's PW_BLOCKSIZE


@njit(cache=True, nogil=True)
def _pairwise(v: np.ndarray, lo: int, n: int) -> float:  # pragma: no cover - compiled
    """NumPy's pairwise_sum over v[lo : lo + n], operation for operation."""
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            res += v[i]
        return res
    if n <= BLOCK:
        r0 = v[lo]
        r1 = v[lo + 1]
        r2 = v[lo + 2]
        r3 = v[lo + 3]
        r4 = v[lo + 4]
        r5 = v[lo + 5]
        r6 = v[lo + 6]
        r7 = v[lo + 7]
        i = 8
        stop = n - (n % 8)
        while i < stop:
            j = lo + i
            r0 += v[j]
            r1 += v[j + 1]
            r2 += v[j + 2]
            r3 += v[j + 3]
            r4 += v[j + 4]
            r5 += v[j + 5]
            r6 += v[j + 6]
            r7 += v[j + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            res += v[lo + i]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return _pairwise(v, lo, n2) + _pairwise(v, lo + n2, n - n2)


@njit(cache=True, nogil=True)
def _reduceat(v: np.ndarray, a: int, b: int) -> float:  # pragma: no cover - compiled
    """np.add.reduceat for one segment: the first element, plus the pairwise sum of the rest."""
    if b - a == 1:
        return v[a]
    return v[a] + _pairwise(v, a + 1, b - a - 1)


@njit(cache=True, nogil=True)
def _pairwise_mr(
    y: np.ndarray, lo: int, n: int, cut: float
) -> float:  # pragma: no cover - compiled
    """``_pairwise`` over the moving ranges |y[i] - y[i-1]|, i in lo..lo+n, computed on the fly.

    A range ``>= cut`` counts as 0 (screened out); a NaN ``cut`` keeps them all.
    """
    if n < 8:
        res = 0.0
        for i in range(lo, lo + n):
            d = abs(y[i] - y[i - 1])
            res += 0.0 if d >= cut else d
        return res
    if n <= BLOCK:
        d0 = abs(y[lo] - y[lo - 1])
        d1 = abs(y[lo + 1] - y[lo])
        d2 = abs(y[lo + 2] - y[lo + 1])
        d3 = abs(y[lo + 3] - y[lo + 2])
        d4 = abs(y[lo + 4] - y[lo + 3])
        d5 = abs(y[lo + 5] - y[lo + 4])
        d6 = abs(y[lo + 6] - y[lo + 5])
        d7 = abs(y[lo + 7] - y[lo + 6])
        r0 = 0.0 if d0 >= cut else d0
        r1 = 0.0 if d1 >= cut else d1
        r2 = 0.0 if d2 >= cut else d2
        r3 = 0.0 if d3 >= cut else d3
        r4 = 0.0 if d4 >= cut else d4
        r5 = 0.0 if d5 >= cut else d5
        r6 = 0.0 if d6 >= cut else d6
        r7 = 0.0 if d7 >= cut else d7
        i = 8
        stop = n - (n % 8)
        while i < stop:
            j = lo + i
            d0 = abs(y[j] - y[j - 1])
            d1 = abs(y[j + 1] - y[j])
            d2 = abs(y[j + 2] - y[j + 1])
            d3 = abs(y[j + 3] - y[j + 2])
            d4 = abs(y[j + 4] - y[j + 3])
            d5 = abs(y[j + 5] - y[j + 4])
            d6 = abs(y[j + 6] - y[j + 5])
            d7 = abs(y[j + 7] - y[j + 6])
            r0 += 0.0 if d0 >= cut else d0
            r1 += 0.0 if d1 >= cut else d1
            r2 += 0.0 if d2 >= cut else d2
            r3 += 0.0 if d3 >= cut else d3
            r4 += 0.0 if d4 >= cut else d4
            r5 += 0.0 if d5 >= cut else d5
            r6 += 0.0 if d6 >= cut else d6
            r7 += 0.0 if d7 >= cut else d7
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            d = abs(y[lo + i] - y[lo + i - 1])
            res += 0.0 if d >= cut else d
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return _pairwise_mr(y, lo, n2, cut) + _pairwise_mr(y, lo + n2, n - n2, cut)


@njit(cache=True, nogil=True)
def _pairwise_both(y: np.ndarray, lo: int, n: int) -> tuple[float, float]:  # pragma: no cover
    """``_pairwise`` of y[lo : lo + n] and ``_pairwise_mr`` of the same rows, in one loop.

    Both sums run over the same rows, so their blocks and halves coincide and
    each float is added in exactly the order of the separate sums.
    """
    if n < 8:
        sy = 0.0
        sm = 0.0
        for i in range(lo, lo + n):
            sy += y[i]
            sm += abs(y[i] - y[i - 1])
        return sy, sm
    if n <= BLOCK:
        y0 = y[lo]
        y1 = y[lo + 1]
        y2 = y[lo + 2]
        y3 = y[lo + 3]
        y4 = y[lo + 4]
        y5 = y[lo + 5]
        y6 = y[lo + 6]
        y7 = y[lo + 7]
        m0 = abs(y0 - y[lo - 1])
        m1 = abs(y1 - y0)
        m2 = abs(y2 - y1)
        m3 = abs(y3 - y2)
        m4 = abs(y4 - y3)
        m5 = abs(y5 - y4)
        m6 = abs(y6 - y5)
        m7 = abs(y7 - y6)
        last = y7
        i = 8
        stop = n - (n % 8)
        while i < stop:
            j = lo + i
            v0 = y[j]
            v1 = y[j + 1]
            v2 = y[j + 2]
            v3 = y[j + 3]
            v4 = y[j + 4]
            v5 = y[j + 5]
            v6 = y[j + 6]
            v7 = y[j + 7]
            y0 += v0
            y1 += v1
            y2 += v2
            y3 += v3
            y4 += v4
            y5 += v5
            y6 += v6
            y7 += v7
            m0 += abs(v0 - last)
            m1 += abs(v1 - v0)
            m2 += abs(v2 - v1)
            m3 += abs(v3 - v2)
            m4 += abs(v4 - v3)
            m5 += abs(v5 - v4)
            m6 += abs(v6 - v5)
            m7 += abs(v7 - v6)
            last = v7
            i += 8
        sy = ((y0 + y1) + (y2 + y3)) + ((y4 + y5) + (y6 + y7))
        sm = ((m0 + m1) + (m2 + m3)) + ((m4 + m5) + (m6 + m7))
        while i < n:
            v = y[lo + i]
            sy += v
            sm += abs(v - y[lo + i - 1])
            i += 1
        return sy, sm
    n2 = n // 2
    n2 -= n2 % 8
    y1, m1 = _pairwise_both(y, lo, n2)
    y2, m2 = _pairwise_both(y, lo + n2, n - n2)
    return y1 + y2, m1 + m2


@njit(cache=True, nogil=True)
def _floor0(x: float) -> float:  # pragma: no cover - compiled
    """np.maximum(x, 0.0): NaN stays NaN."""
    return x if (x >= 0.0 or math.isnan(x)) else 0.0


@njit(cache=True, nogil=True)
def _back(
    flags: np.ndarray, y: np.ndarray, i: int, count: int, value: int, any_missing: bool
) -> None:  # pragma: no cover - compiled
    """Set ``flags`` on the last ``count`` observed rows up to row i (missing rows skipped)."""
    j = i
    while count > 0:
        if not (any_missing and math.isnan(y[j])):
            flags[j] = value
            count -= 1
        j -= 1


@njit(cache=True, nogil=True)
def _stats(
    y: np.ndarray,
    a: int,
    b: int,
    k: int,
    screen: bool,
    any_missing: bool,
    scratch: np.ndarray,
    mr: np.ndarray,
) -> tuple[float, float]:  # pragma: no cover - compiled
    """Baseline mean and (screened) average moving range of rows a..b, as ``xmr_lines``."""
    nan = np.nan
    if not any_missing and k >= b - a:
        # Every row observed and in the baseline (the usual case): no scratch at all.
        if b - a < 2:
            return y[a] / 1, nan
        n_mr = b - a - 1
        sy, sm = _pairwise_both(y, a + 1, n_mr)
        mean = (y[a] + sy) / (b - a)
        amr = (0.0 + sm) / n_mr
        if screen and amr > 0:
            cut = SCREEN * amr
            dropped = 0
            for i in range(a + 1, b):
                dropped += abs(y[i] - y[i - 1]) >= cut
            if dropped:
                kept = n_mr - dropped
                amr = (0.0 + _pairwise_mr(y, a + 1, n_mr, cut)) / kept if kept else nan
        return mean, amr
    count = 0
    n_mr = 0
    prev_base = False
    for i in range(a, b):
        v = y[i]
        base = (not math.isnan(v)) and (i - a) < k
        scratch[i] = v if base else 0.0
        count += base
        if i > a and base and prev_base:
            mr[i] = abs(v - y[i - 1])
            n_mr += 1
        else:
            mr[i] = 0.0
        prev_base = base
    mean = _reduceat(scratch, a, b) / count if count != 0 else nan
    amr = _reduceat(mr, a, b) / n_mr if n_mr != 0 else nan
    if screen and amr > 0:
        cut = SCREEN * amr
        dropped = 0
        for i in range(a, b):
            if mr[i] >= cut:
                mr[i] = 0.0
                dropped += 1
        if dropped:
            kept = n_mr - dropped
            amr = _reduceat(mr, a, b) / kept if kept != 0 else nan
    return mean, amr


@njit(cache=True, nogil=True)
def xmr_batch(  # pragma: no cover - compiled
    y: np.ndarray,
    seg_start: np.ndarray,
    fix_k: np.ndarray,
    screen: np.ndarray,
    improvement: np.ndarray,
    any_missing: bool,
    c_chart: bool,
    cl: np.ndarray,
    lpl: np.ndarray,
    upl: np.ndarray,
    l1: np.ndarray,
    u1: np.ndarray,
    l2: np.ndarray,
    u2: np.ndarray,
    astro: np.ndarray,
    trend: np.ndarray,
    two: np.ndarray,
    shift: np.ndarray,
    codes: np.ndarray,
    seg_mean: np.ndarray,
    seg_amr: np.ndarray,
    n_useful: np.ndarray,
    longest: np.ndarray,
    n_runs: np.ndarray,
    seg_observed: np.ndarray,
    n_ranges: np.ndarray,
    n_zero: np.ndarray,
) -> None:
    """Lines, rule flags, point types and per-segment figures of every segment.

    ``u1`` and ``l1`` serve as scratch for masked values and moving ranges
    (only for segments with a gap or a fixed baseline) before their lines
    are written, so nothing is allocated. ``trend`` holds 1 (rising) or 2
    (falling) until the last pass makes it a flag. The per-row loop avoids
    branches on the data: with random data they would be mispredicted.
    """
    for s in range(len(seg_start) - 1):
        a = seg_start[s]
        b = seg_start[s + 1]
        mean, amr = _stats(y, a, b, fix_k[s], screen[s], any_missing, u1, l1)
        seg_mean[s] = mean
        seg_amr[s] = amr
        if c_chart:
            # c chart: sigma = sqrt(mean), lower lines floored at 0 (attribute.c_lines).
            sigma = math.sqrt(mean)
            c_lpl = _floor0(mean - 3 * sigma)
            c_upl = mean + 3 * sigma
            c_l1 = _floor0(mean - sigma)
            c_u1 = mean + sigma
            c_l2 = _floor0(mean - 2 * sigma)
            c_u2 = mean + 2 * sigma
        else:
            c_lpl = mean - LIMIT * amr
            c_upl = mean + LIMIT * amr
            c_l1 = mean - ONE_SIGMA * amr
            c_u1 = mean + ONE_SIGMA * amr
            c_l2 = mean - CLOSE * amr
            c_u2 = mean + CLOSE * amr
        # ---- lines, and the rule runs over the observed rows
        seen = 0  # observed rows so far in this segment
        prev_y = 0.0
        prev_side = 0
        sh_len = 0
        up_len = 0
        dn_len = 0
        p1_side = 0  # the two previous observed rows, for two-of-three
        p1_close = 0
        p1_row = a
        p2_side = 0
        p2_close = 0
        p2_row = a
        useful = 0
        runs = 0
        best = 0
        cur = 0
        last_side = 0
        zeros = 0
        cl[a:b] = mean
        lpl[a:b] = c_lpl
        upl[a:b] = c_upl
        l1[a:b] = c_l1
        u1[a:b] = c_u1
        l2[a:b] = c_l2
        u2[a:b] = c_u2
        shift[a:b] = 0
        trend[a:b] = 0
        two[a:b] = 0
        for i in range(a, b):
            v = y[i]
            if any_missing and math.isnan(v):
                astro[i] = 0
                codes[i] = 0
                continue
            side = int(v > mean) - int(v < mean)
            out = int(v > c_upl) | int(v < c_lpl)
            close = (int(v > c_u2) | int(v < c_l2)) ^ out
            astro[i] = out
            codes[i] = side
            # shift: a run of 7 on one side (a point on the mean breaks it)
            on = int(side != 0)
            sh_len = sh_len * (int(side == prev_side) & on) + on
            if sh_len >= SHIFT_LENGTH:
                if sh_len == SHIFT_LENGTH:
                    _back(shift, y, i, SHIFT_LENGTH, 1, any_missing)
                else:
                    shift[i] = 1
            # trend: 7 points each above (below) the one before; a tie breaks it
            more = int(seen > 0)
            up_len = (up_len + 1) * (int(v > prev_y) & more)
            dn_len = (dn_len + 1) * (int(v < prev_y) & more)
            if up_len >= TREND_LENGTH - 1:
                if up_len == TREND_LENGTH - 1:
                    _back(trend, y, i, TREND_LENGTH, 1, any_missing)
                else:
                    trend[i] = 1
            if dn_len >= TREND_LENGTH - 1:
                if dn_len == TREND_LENGTH - 1:
                    _back(trend, y, i, TREND_LENGTH, 2, any_missing)
                else:
                    trend[i] = 2
            # repeated values: consecutive observed rows that are equal
            zeros += int(v == prev_y) * more
            # two of three: 2+ of 3 consecutive rows close, all 3 on one side
            if close + p1_close + p2_close >= 2 and seen >= 2:
                sides = side + p1_side + p2_side
                if sides == 3 or sides == -3:
                    if close:
                        two[i] = 1
                    if p1_close:
                        two[p1_row] = 1
                    if p2_close:
                        two[p2_row] = 1
            # Anhøj runs over the useful (off-centre) points
            useful += on
            same = int(side == last_side)
            runs += on * (1 - same)
            cur = cur * (same | (1 - on)) + on
            best = max(best, cur)
            last_side = side if on else last_side
            p2_side, p2_close, p2_row = p1_side, p1_close, p1_row
            p1_side, p1_close, p1_row = side, close, i
            prev_side = side
            prev_y = v
            seen += 1
        n_useful[s] = useful
        longest[s] = best
        n_runs[s] = runs
        seg_observed[s] = seen
        n_ranges[s] = max(seen - 1, 0)
        n_zero[s] = zeros
        # ---- precedence astronomical > trend > two-of-three > shift
        imp = improvement[s]
        for i in range(a, b):
            if any_missing and math.isnan(y[i]):
                codes[i] = -1
                trend[i] = 0
                shift[i] = 0
                two[i] = 0
                continue
            side = codes[i]
            t = trend[i]
            d = side * (two[i] | shift[i])
            if t != 0:
                d = 1 if t == 1 else -1
                trend[i] = 1
            if astro[i]:
                d = side
            if imp == 0:
                codes[i] = 3 * (d > 0) + 4 * (d < 0)
            else:
                codes[i] = (d != 0) * (1 + (d != imp))
