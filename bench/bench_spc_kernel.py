"""Benchmark of the compiled single-pass XmR kernel against its targets.

Run: .venv/bin/python bench/bench_spc_kernel.py [--quick]

On one core: a batch of 100,000 series x 60 points (XmR, screening, every
rule and icon) through the kernel alone and through the whole ``analyse``
call, with the NumPy path and the plain per-series loop timed in the same
run; one series of 10 million points; the memory the call allocates beside
its inputs; and the first call in a fresh process, with numba's cache warm
and, for the record, cold (a first compile on a new machine).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse
import resource
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _bench_table import Table
from bench_spc import batch, best_of, plain_xmr

from qls.spc import _kernel, analyse
from qls.spc.cli import tune_allocator

TABLE = Table()
row = TABLE.row


@contextmanager
def path(value: str) -> Iterator[None]:
    before = os.environ.get(_kernel.ENV)
    os.environ[_kernel.ENV] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(_kernel.ENV, None)
        else:
            os.environ[_kernel.ENV] = before


def kernel_alone(pts: dict[str, np.ndarray], length: int) -> Callable[[], Any]:
    """The compiled loop over preallocated outputs: what the kernel itself costs."""
    from qls.spc._kernel_xmr import xmr_batch

    y = pts["y"]
    n = len(y)
    n_seg = n // length
    seg_start = np.arange(0, n + 1, length, dtype=np.int64)
    args = [
        y,
        seg_start,
        np.full(n_seg, np.iinfo(np.int64).max, np.int64),
        np.ones(n_seg, bool),
        np.ones(n_seg, np.int8),
        False,  # no missing values
        False,  # XmR, not c
        *(np.empty(n) for _ in range(7)),
        *(np.empty(n, np.uint8) for _ in range(4)),
        np.empty(n, np.int8),
        *(np.empty(n_seg) for _ in range(2)),
        *(np.empty(n_seg, np.int64) for _ in range(6)),
    ]
    return lambda: xmr_batch(*args)


FIRST_CALL = """
import os, sys, time
t0 = time.perf_counter()
import numpy as np
from qls.spc import analyse
n_series = int(sys.argv[1])
pts = {
    "series_id": np.repeat(np.arange(n_series), 60),
    "x": np.tile(np.arange(60), n_series),
    "y": np.random.default_rng(5).normal(100, 10, n_series * 60),
}
t1 = time.perf_counter()
analyse(pts)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def first_call(n_series: int, env: dict[str, str]) -> tuple[float, float, float] | str:
    """(import seconds, first call seconds, CPU seconds of the whole child) or an error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", FIRST_CALL, str(n_series)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )
    if done.returncode != 0:
        return done.stderr.strip()[-200:]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    imports, call = (float(v) for v in done.stdout.split())
    return imports, call, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    args = parser.parse_args()
    quick = args.quick
    tune_allocator()
    n_series = 10_000 if quick else 100_000
    single = 1_000_000 if quick else 10_000_000
    repeats = 3 if quick else 5
    print(
        f"qls.spc compiled kernel benchmark{' (quick)' if quick else ''}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
        "(times stretch when other work shares the cores)",
        file=sys.stderr,
    )

    # 0. first call in a fresh process (before this process warms anything)
    with tempfile.TemporaryDirectory() as cold_cache:
        cold = first_call(1_000, {_kernel.ENV: "compiled", "NUMBA_CACHE_DIR": cold_cache})
    warm_up = _kernel.warm_up()  # fills the cache the next runs load
    for label, env in (
        ("small batch, auto (NumPy path)", {_kernel.ENV: "auto"}),
        ("kernel forced, numba cache warm", {_kernel.ENV: "compiled"}),
    ):
        got = first_call(1_000, env)
        if isinstance(got, str):
            row(f"first analyse in a fresh process, {label}", f"error: {got}", "< 1 s", False)
            continue
        imports, call, cpu = got
        row(
            f"first analyse in a fresh process, {label}",
            f"{call:.2f} s (+ {imports:.2f} s importing; whole process {cpu:.2f} s CPU)",
            "< 1 s",
            call < 1.0,
        )
    if isinstance(cold, str):
        row("first call with an empty numba cache (a compile)", f"error: {cold}", "-", None)
    else:
        row(
            "first call with an empty numba cache (a compile)",
            f"{cold[1]:.1f} s; then warm_up() in-process {warm_up:.2f} s",
            "never on a request",
            None,
        )

    # 1. the batch, three ways
    pts = batch(n_series, 60)
    n = n_series * 60
    alone = n / best_of(kernel_alone(pts, 60), repeats)
    with path("compiled"):
        whole = n / best_of(lambda: analyse(pts), repeats)
    with path("numpy"):
        numpy_path = n / best_of(lambda: analyse(pts), repeats)
    plain_series = 300 if quick else 2_000
    lists = [list(map(float, r)) for r in pts["y"][: plain_series * 60].reshape(-1, 60)]
    plain = plain_series * 60 / best_of(lambda: [plain_xmr(r) for r in lists], 1)
    row(
        f"kernel loop alone, {n_series:,} series x 60, all rules + icons",
        f"{alone / 1e6:.0f} M pts/s",
        ">= 100 M pts/s",
        alone >= 100e6,
    )
    row(
        "whole analyse() on the kernel (inputs checked, Arrow tables out)",
        f"{whole / 1e6:.0f} M pts/s; {whole / numpy_path:.1f}x NumPy path, "
        f"{whole / plain:.0f}x plain loop",
        ">= 100 M pts/s",
        whole >= 100e6,
    )
    row(
        "the NumPy path and the plain per-series loop, same run",
        f"{numpy_path / 1e6:.0f} M pts/s; {plain / 1e6:.2f} M pts/s",
        "-",
        None,
    )

    # 2. one long series
    one = batch(1, single)
    with path("compiled"):
        secs = best_of(lambda: analyse(one), 3)
    limit = 0.5 * single / 10_000_000
    row(f"one series of {single:,} points", f"{secs:.3f} s", f"< {limit:g} s", secs < limit)

    # 3. memory the call allocates beside its inputs (NumPy arrays are traced)
    inputs = sum(a.nbytes for a in pts.values())
    with path("compiled"):
        analyse(pts)
        tracemalloc.start()
        result = analyse(pts)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    # series_id, x and y are the caller's buffers, shared without a copy.
    shared = ("series_id", "x", "y")
    out_bytes = result.summary.nbytes + sum(
        result.points.column(c).nbytes for c in result.points.column_names if c not in shared
    )
    del result
    row(
        "peak allocated during analyse(), as a multiple of the input arrays",
        f"{peak / inputs:.2f}x ({peak / 2**20:.0f} MiB for {inputs / 2**20:.0f} MiB in; "
        f"of which the new result columns are {out_bytes / inputs:.2f}x)",
        "< 2x",
        peak < 2 * inputs,
    )

    return TABLE.finish()


if __name__ == "__main__":
    sys.exit(main())
