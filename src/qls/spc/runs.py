"""Anhøj runs analysis (qicharts2): longest run and number of crossings per segment.

Points on the centre line are not useful and are dropped before runs are
counted, so the runs on either side of them join up. The thresholds are
Schilling's ``round(log2(n)) + 3`` for the longest run and Chen's
``qbinom(0.05, n - 1, 0.5)`` for the fewest crossings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

# Up to here the binomial quantile is computed exactly with Python integers;
# beyond it SciPy's floating-point ppf (the cdf is then nowhere near 0.05 at
# a step, so floating error cannot move the answer in practice).
EXACT_LIMIT = 4000


@lru_cache(maxsize=4096)
def crossings_min_one(trials: int) -> int:
    """Smallest c with P(X <= c) >= 0.05 for X ~ Binomial(trials, 1/2); R's qbinom.

    Exact: compares 20 x Σ C(trials, k) with 2^trials in integers, so no
    rounding can move it across the 0.05 boundary.

    >>> [crossings_min_one(m) for m in (0, 4, 5, 9, 19)]
    [0, 0, 1, 2, 6]
    """
    if trials <= 0:
        return 0
    if trials > EXACT_LIMIT:
        from scipy.stats import binom

        return int(binom.ppf(0.05, trials, 0.5))
    whole = 1 << trials
    acc = 0
    coef = 1
    for k in range(trials + 1):
        acc += coef
        if 20 * acc >= whole:
            return k
        coef = coef * (trials - k) // (k + 1)
    return trials


def crossings_min(n_useful: np.ndarray) -> np.ndarray:
    """Vectorised ``qbinom(0.05, n_useful - 1, 0.5)`` via the few distinct n present."""
    values, inverse = np.unique(n_useful, return_inverse=True)
    table = np.array([crossings_min_one(int(v) - 1) for v in values], dtype=np.int64)
    return table[inverse].reshape(n_useful.shape)


def longest_run_max(n_useful: np.ndarray) -> np.ndarray:
    """round(log2(n)) + 3; R and NumPy both round halves to even (never hit here)."""
    with np.errstate(divide="ignore"):
        return (np.round(np.log2(np.maximum(n_useful, 1))) + 3).astype(np.int64)


@dataclass
class RunsResult:
    """Anhøj figures per segment (``has`` False where a segment has no useful point)."""

    has: np.ndarray
    n_useful: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    n_crossings: np.ndarray
    n_crossings_min: np.ndarray
    signal: np.ndarray
    long_run_point: np.ndarray | None  # per observed row, when asked for


def anhoej(
    side: np.ndarray,
    seg_first: np.ndarray,
    seg_count: np.ndarray,
    point_flags: bool = False,
) -> RunsResult:
    """Runs analysis per segment over the observed rows' sides of the centre line."""
    n_seg = len(seg_first)
    all_useful = np.count_nonzero(side) == len(side)
    useful = None if all_useful else side != 0
    if useful is None:
        s = side
        first, count = seg_first, seg_count
    else:
        cum = np.concatenate(([0], np.cumsum(useful, dtype=np.int64)))
        first = cum[seg_first]
        count = cum[seg_first + seg_count] - first
        s = side[useful]
    n = len(s)
    has = count > 0
    change = np.zeros(n, bool)
    if n > 1:
        np.not_equal(s[1:], s[:-1], out=change[1:])
    change[first[has]] = True
    run_start = np.flatnonzero(change)
    run_len = np.empty(len(run_start), np.int64)
    np.subtract(run_start[1:], run_start[:-1], out=run_len[:-1])
    if len(run_start):
        run_len[-1] = n - run_start[-1]
    first_run = np.searchsorted(run_start, first)
    n_runs = np.diff(np.append(first_run, len(run_start)))
    longest = np.zeros(n_seg, np.int64)
    if has.any():
        longest[has] = np.maximum.reduceat(run_len, first_run[has])
    lmax = longest_run_max(count)
    crossings = np.maximum(n_runs - 1, 0)
    cmin = crossings_min(count)
    signal = has & ((longest > lmax) | (crossings < cmin))
    flags = None
    if point_flags:
        run_seg = np.repeat(np.arange(n_seg), n_runs)
        long_run = run_len > lmax[run_seg]
        flags_u = np.repeat(long_run, run_len)
        if useful is None:
            flags = flags_u
        else:
            flags = np.zeros(len(side), bool)
            flags[useful] = flags_u
    return RunsResult(
        has=has,
        n_useful=count,
        longest_run=longest,
        longest_run_max=lmax,
        n_crossings=crossings,
        n_crossings_min=cmin,
        signal=signal,
        long_run_point=flags,
    )
