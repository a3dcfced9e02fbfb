"""Making Data Count special-cause rules, vectorised over a whole batch.

All four rules are expressed as sliding windows over boolean arrays: "belongs
to a run of 7" is "some window of 7 consecutive rows containing it is all
true", which is a handful of shifted ANDs and ORs on 1-byte arrays, far
cheaper than run-length encoding when runs are short (the usual case).
Windows never cross a segment start; missing rows have already been removed
(``Observed``), so rules run as if those rows were absent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The run lengths live in _names, beside the rule labels that quote them.
from ._names import SHIFT_LENGTH, TREND_LENGTH


@dataclass
class Observed:
    """The observed (non-missing) rows of the sorted batch and their segments."""

    keep: np.ndarray | None  # bool over sorted rows; None = every row observed
    start: np.ndarray  # bool over observed rows: first observed row of a segment
    seg_first: np.ndarray  # int64 per segment: its first observed row (if any)
    seg_count: np.ndarray  # int64 per segment: number of observed rows

    def compress(self, a: np.ndarray) -> np.ndarray:
        return a if self.keep is None else a[self.keep]

    def expand(self, a: np.ndarray, fill: bool | int = False) -> np.ndarray:
        if self.keep is None:
            return a
        out = np.full(self.keep.shape, fill, dtype=a.dtype)
        out[self.keep] = a
        return out


def observed(seg_start: np.ndarray, keep: np.ndarray | None) -> Observed:
    """Segment bookkeeping in the space of observed rows."""
    starts = seg_start[:-1]
    if keep is None:
        n = int(seg_start[-1])
        count = np.diff(seg_start)
        first = starts
    else:
        cum = np.concatenate(([0], np.cumsum(keep, dtype=np.int64)))
        first = cum[starts]
        count = cum[seg_start[1:]] - first
        n = int(cum[-1])
    start = np.zeros(n, bool)
    start[first[count > 0]] = True
    return Observed(keep=keep, start=start, seg_first=first, seg_count=count)


def window_all(a: np.ndarray, width: int) -> np.ndarray:
    """out[i] = all(a[i : i + width]); length len(a) - width + 1 (may be 0).

    Built by doubling (windows of 1, 2, 4, ... then one overlapping AND), so a
    width of 6 costs three passes over 1-byte arrays rather than five.
    """
    m = len(a) - width + 1
    if m <= 0:
        return np.zeros(0, bool)
    have, cur = 1, a
    while have * 2 <= width:
        cur = cur[:-have] & cur[have:]
        have *= 2
    if have < width:
        cur = cur[: len(cur) - (width - have)] & cur[width - have :]
    return cur[:m]


def window_cover(hit: np.ndarray, width: int, n: int) -> np.ndarray:
    """out[j] = any window start i in [j - width + 1, j] has hit[i]; length n.

    Same doubling as ``window_all``, ping-ponging between two buffers so no
    step needs NumPy's temporary copy for an overlapping in-place OR.
    """
    m = len(hit)
    if m == 0:
        return np.zeros(n, bool)
    cur = np.empty(n, bool)
    cur[:m] = hit
    cur[m:] = False
    other = np.empty(n, bool)
    have = 1
    steps = []
    while have * 2 <= width:
        steps.append(have)
        have *= 2
    if have < width:
        steps.append(width - have)
    for step in steps:
        other[:step] = cur[:step]
        np.bitwise_or(cur[step:], cur[:-step], out=other[step:])
        cur, other = other, cur
    return cur


def shift_rule(side: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Rows in a run of >= 7 rows strictly on one side of the centre line (0 breaks a run)."""
    n = len(side)
    cont = np.zeros(n, bool)  # row continues the previous row's (non-zero) side
    if n > 1:
        np.equal(side[1:], side[:-1], out=cont[1:])
    cont &= ~start
    cont &= side != 0
    if n < SHIFT_LENGTH:
        return np.zeros(n, bool)
    first = (side[: n - SHIFT_LENGTH + 1] != 0) & window_all(cont[1:], SHIFT_LENGTH - 1)
    return window_cover(first, SHIFT_LENGTH, n)


def trend_rule(y: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows in a 7-point rising or falling trend, and each such row's direction.

    A tie breaks the run. A row at a peak or trough belongs to both a rising
    and a falling run; it takes the direction of the run to its right.
    """
    n = len(y)
    up = np.zeros(n, bool)  # y rose into this row from the previous one
    down = np.zeros(n, bool)
    if n > 1:
        np.greater(y[1:], y[:-1], out=up[1:])
        np.less(y[1:], y[:-1], out=down[1:])
        inside = ~start
        up &= inside
        down &= inside
    if n < TREND_LENGTH:
        return np.zeros(n, bool), np.zeros(n, np.int8)
    in_up = window_cover(window_all(up[1:], TREND_LENGTH - 1), TREND_LENGTH, n)
    in_down = window_cover(window_all(down[1:], TREND_LENGTH - 1), TREND_LENGTH, n)
    direction = in_up.view(np.int8) - in_down.view(np.int8)
    both = in_up & in_down
    if both.any():
        rises_next = np.zeros(n, bool)
        rises_next[:-1] = up[1:]
        direction[both] = np.where(rises_next[both], 1, -1)
    return in_up | in_down, direction


def two_of_three_rule(close: np.ndarray, side: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Close rows in a window of 3 with >= 2 close rows, all 3 strictly on one side."""
    n = len(close)
    if n < 3:
        return np.zeros(n, bool)
    c = close.view(np.int8)
    n_close = c[:-2] + c[1:-1] + c[2:]
    sides = side[:-2] + side[1:-1] + side[2:]
    hit = (n_close >= 2) & ((sides == 3) | (sides == -3))
    hit &= ~start[1:-1]
    hit &= ~start[2:]
    return close & window_cover(hit, 3, n)


@dataclass
class RuleFlags:
    """Per observed row: which rules fired and the direction (+1 high, -1 low, 0 none)."""

    astronomical: np.ndarray
    trend: np.ndarray
    two_of_three: np.ndarray
    shift: np.ndarray
    direction: np.ndarray


def combine(
    side: np.ndarray,
    astronomical: np.ndarray,
    trend: np.ndarray,
    trend_dir: np.ndarray,
    two_of_three: np.ndarray,
    shift: np.ndarray,
) -> RuleFlags:
    """Apply the precedence astronomical > trend > two-of-three > shift for the direction.

    Written lowest precedence first, each higher rule overwriting in place.
    """
    direction = side * (two_of_three | shift).view(np.int8)
    np.copyto(direction, trend_dir, where=trend)
    np.copyto(direction, side, where=astronomical)
    return RuleFlags(astronomical, trend, two_of_three, shift, direction)
