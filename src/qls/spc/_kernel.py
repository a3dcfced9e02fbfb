"""When the compiled single-pass kernel replaces the NumPy path, and its warm-up.

The kernel (``_kernel_xmr``, compiled by numba) gives the same floats, flags
and point types as the NumPy path, which stays the reference. Loading it
costs about half a second (numba's import plus its on-disk cache), and a
first compile costs several seconds, so it is used:

* always, once ``warm_up()`` has run in this process;
* for a batch of ``AUTO_POINTS`` points or more, where the load pays for itself;
* never for a small batch in a fresh process: a web page charting a few
  series never waits for a compiler.

``QLS_SPC_KERNEL=numpy`` forces the NumPy path (the tests' reference) and
``QLS_SPC_KERNEL=compiled`` forces the kernel whenever it applies. numba
keeps compiled code in ``__pycache__`` beside this package, or under
``NUMBA_CACHE_DIR`` when that is set (for a read-only install).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ._segments import Layout
from .attribute import _clamp
from .errors import SpcOptionError
from .limits import CLOSE, LIMIT, ONE_SIGMA, Lines, lines_from_sigma
from .runs import RunsResult, crossings_min, longest_run_max

ENV = "QLS_SPC_KERNEL"
MODES = ("auto", "numpy", "compiled")
# Below this many points a fresh process is faster on the NumPy path than
# loading the kernel (bench/bench_spc_kernel.py measures both).
AUTO_POINTS = 20_000_000
CHARTS = frozenset({"xmr", "c"})

_warm = False


def mode() -> str:
    value = os.environ.get(ENV, "auto").strip().lower() or "auto"
    if value not in MODES:
        raise SpcOptionError(f"{ENV} must be one of {', '.join(MODES)}, not {value!r}")
    return value


@lru_cache(maxsize=1)
def available() -> bool:
    """Whether the kernel loads here.

    numba is a dependency, but a platform may lack a wheel, and numba
    refuses to decorate cached functions when it finds no writable cache
    folder (a read-only install without ``NUMBA_CACHE_DIR``). Either way the
    NumPy path runs.
    """
    try:
        from . import _kernel_xmr  # noqa: F401
    except (ImportError, RuntimeError):
        return False
    return True


def applies(n: int, chart: str, rules: str) -> bool:
    """Use the kernel for this batch? (XmR or c chart with the Making Data Count rules.)"""
    if chart not in CHARTS or rules != "mdc":
        return False
    chosen = mode()
    if chosen == "numpy":
        return False
    if chosen == "compiled" or _warm:
        return available()
    return n >= AUTO_POINTS and available()


def warm_up() -> float:
    """Load (or compile, the first time on a machine) the kernel; returns the seconds taken.

    Call it where waiting is fine, such as a worker's start-up; afterwards
    every XmR batch in the process takes the kernel.
    """
    global _warm
    t0 = time.perf_counter()
    y = np.array([1.0, 2.0, np.nan, 4.0, 3.0, 5.0, 6.0, 7.0, 8.0, 9.0])
    _run(
        y, np.array([0, 4, 10], np.int64), None, np.ones(2, bool), np.ones(2, np.int8), True, False
    )
    _warm = True
    return time.perf_counter() - t0


@dataclass
class KernelOutput:
    """Per sorted row and per segment, what the engine's NumPy rules would give."""

    lines: Lines  # per row
    seg_lines: Lines  # per segment
    astronomical: np.ndarray
    trend: np.ndarray
    two_of_three: np.ndarray
    shift: np.ndarray
    codes: np.ndarray  # int8 point type, -1 where y is missing
    seg_observed: np.ndarray
    runs: RunsResult
    n_ranges: np.ndarray  # pairs of consecutive observed rows per segment
    n_zero: np.ndarray  # ... of which the two values are equal


def _run(
    y: np.ndarray,
    seg_start: np.ndarray,
    fix_seg: np.ndarray | None,
    screen_seg: np.ndarray | None,
    direction_seg: np.ndarray,
    any_missing: bool,
    c_chart: bool,
) -> dict[str, Any]:
    from ._kernel_xmr import xmr_batch

    n = len(y)
    n_seg = len(seg_start) - 1
    big = np.iinfo(np.int64).max
    fix_k = (
        np.full(n_seg, big, np.int64)
        if fix_seg is None
        else np.where(fix_seg > 0, fix_seg, big).astype(np.int64)
    )
    screen = np.zeros(n_seg, np.bool_) if screen_seg is None else screen_seg.astype(np.bool_)
    out = {name: np.empty(n) for name in ("cl", "lpl", "upl", "l1", "u1", "l2", "u2")}
    flags = {name: np.empty(n, np.uint8) for name in ("astro", "trend", "two", "shift")}
    codes = np.empty(n, np.int8)
    seg_f = {name: np.empty(n_seg) for name in ("mean", "amr")}
    seg_i = {
        name: np.empty(n_seg, np.int64)
        for name in ("useful", "longest", "runs", "observed", "ranges", "zero")
    }
    xmr_batch(  # type: ignore[call-arg]  # numba dispatchers take the compiled signature
        np.ascontiguousarray(y, np.float64),
        np.ascontiguousarray(seg_start, np.int64),
        fix_k,
        screen,
        np.ascontiguousarray(direction_seg, np.int8),
        bool(any_missing),
        bool(c_chart),
        *out.values(),
        *flags.values(),
        codes,
        *seg_f.values(),
        *seg_i.values(),
    )
    return {**out, **flags, "codes": codes, **seg_f, **seg_i}


def analyse_segments(
    chart: str,
    layout: Layout,
    y: np.ndarray,
    any_missing: bool,
    fix_seg: np.ndarray | None,
    screen_seg: np.ndarray | None,
    direction_seg: np.ndarray,
) -> KernelOutput:
    """Lines and Making Data Count rules of every segment (XmR or c), in sorted row order."""
    c_chart = chart == "c"
    r = _run(y, layout.seg_start, fix_seg, screen_seg, direction_seg, any_missing, c_chart)
    mean, amr = r["mean"], r["amr"]
    # The same operations as the kernel on one value per segment: identical floats.
    if c_chart:
        seg_lines = _clamp(lines_from_sigma(mean, np.sqrt(mean), per_segment=True), 0.0, None)
    else:
        seg_lines = Lines(
            cl=mean,
            lpl=mean - LIMIT * amr,
            upl=mean + LIMIT * amr,
            l1=mean - ONE_SIGMA * amr,
            u1=mean + ONE_SIGMA * amr,
            l2=mean - CLOSE * amr,
            u2=mean + CLOSE * amr,
            per_segment=True,
        )
    lines = Lines(
        cl=r["cl"],
        lpl=r["lpl"],
        upl=r["upl"],
        l1=r["l1"],
        u1=r["u1"],
        l2=r["l2"],
        u2=r["u2"],
        per_segment=False,
    )
    count = r["useful"]
    has = count > 0
    longest = r["longest"]
    lmax = longest_run_max(count)
    crossings = np.maximum(r["runs"] - 1, 0)
    cmin = crossings_min(count)
    runs = RunsResult(
        has=has,
        n_useful=count,
        longest_run=longest,
        longest_run_max=lmax,
        n_crossings=crossings,
        n_crossings_min=cmin,
        signal=has & ((longest > lmax) | (crossings < cmin)),
        long_run_point=None,
    )
    return KernelOutput(
        lines=lines,
        seg_lines=seg_lines,
        astronomical=r["astro"].view(np.bool_),
        trend=r["trend"].view(np.bool_),
        two_of_three=r["two"].view(np.bool_),
        shift=r["shift"].view(np.bool_),
        codes=r["codes"],
        seg_observed=r["observed"],
        runs=runs,
        n_ranges=r["ranges"],
        n_zero=r["zero"],
    )
