"""Benchmark of qls.spc against its targets and the alternatives an analyst would pick.

Run: .venv/bin/python bench/bench_spc.py [--quick]

Prints one table: measurement, measured figure, target, pass/fail. The
engine is pinned to one core (the issue's targets are per core); the CLI
row is end to end in a subprocess and may use both cores for CSV I/O.
Comparison packages come from the ``bench`` dependency group
(``uv sync --frozen --group bench``); a package that is missing or has no
usable XmR API prints "unavailable: <reason>".
"""

from __future__ import annotations

import os

# Before NumPy is imported anywhere: one thread per BLAS/OpenMP pool.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import argparse
import math
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
from _bench_table import Table

from qls.spc import analyse
from qls.spc.cli import tune_allocator

TABLE = Table()
row = TABLE.row


def batch(n_series: int, length: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "series_id": np.repeat(np.arange(n_series, dtype=np.int64), length),
        "x": np.tile(np.arange(length, dtype=np.int64), n_series),
        "y": rng.normal(100.0, 10.0, n_series * length),
    }


def best_of(fn: Callable[[], Any], repeats: int) -> float:
    fn()  # warm-up: page faults, lazy imports, caches
    best = math.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


# ----------------------------------------------------------------- plain Python loop


def plain_xmr(y: list[float], direction: int = 1) -> tuple[list[str], str]:
    """The same MDC rules written the obvious way: one series at a time, one point at a time.

    Straightforward but not naive: run lengths are counted in one pass, so
    the loop is linear in the points, as a careful analyst would write it.
    """
    n = len(y)
    mean = sum(y) / n
    mrs = [abs(y[i] - y[i - 1]) for i in range(1, n)]
    amr = sum(mrs) / len(mrs)
    if amr > 0:
        kept = [m for m in mrs if m < 3.267 * amr]
        amr = sum(kept) / len(kept)
    upl, lpl = mean + 2.66 * amr, mean - 2.66 * amr
    u2, l2 = mean + 2 * (2.66 / 3) * amr, mean - 2 * (2.66 / 3) * amr
    side = [0] * n
    out = [False] * n
    close = [False] * n
    for i, v in enumerate(y):
        side[i] = 1 if v > mean else (-1 if v < mean else 0)
        out[i] = v > upl or v < lpl
        close[i] = not out[i] and (v > u2 or v < l2)
    shift = [False] * n
    start = 0
    for i in range(1, n + 1):  # runs on one side of the mean
        if i == n or side[i] != side[start]:
            if side[start] != 0 and i - start >= 7:
                for j in range(start, i):
                    shift[j] = True
            start = i
    up = [False] * n
    down = [False] * n
    for flags, sign in ((up, 1), (down, -1)):
        start = 0
        for i in range(1, n + 1):  # runs of strict rises (falls)
            if i == n or (y[i] - y[i - 1]) * sign <= 0:
                if i - start >= 7:
                    for j in range(start, i):
                        flags[j] = True
                start = i
    two = [False] * n
    for i in range(n - 2):
        if (
            close[i] + close[i + 1] + close[i + 2] >= 2
            and abs(side[i] + side[i + 1] + side[i + 2]) == 3
        ):
            for j in range(i, i + 3):
                two[j] = two[j] or close[j]
    types = []
    for i in range(n):
        if out[i]:
            d = side[i]
        elif up[i] or down[i]:
            d = (1 if y[i + 1] > y[i] else -1) if up[i] and down[i] else (1 if up[i] else -1)
        elif two[i] or shift[i]:
            d = side[i]
        else:
            d = 0
        types.append(
            "common_cause"
            if d == 0
            else "special_cause_improvement"
            if d == direction
            else "special_cause_concern"
        )
    last = types[-1]
    icon = last if last == "common_cause" else last + ("_high" if y[-1] > mean else "_low")
    return types, icon


# ----------------------------------------------------------------- package adapters


class _NoAxes:
    """pyspc draws violations onto a Matplotlib Axes; this one draws nothing."""

    def plot(self, *args: Any, **kwargs: Any) -> None:
        return None


def adapters() -> dict[str, tuple[str, Callable[[np.ndarray], Any] | str]]:
    """name -> (rules implemented, per-series function or 'unavailable: reason')."""
    found: dict[str, tuple[str, Callable[[np.ndarray], Any] | str]] = {}
    try:
        import pandas as pd
        from abspc.spc import (
            calculate_control_limits,
            detect_special_causes,
            determine_variation_type,
        )

        def run_abspc(y: np.ndarray) -> Any:
            res = detect_special_causes(calculate_control_limits(pd.DataFrame({"value": y}), "XmR"))
            return determine_variation_type(res)

        found["abspc"] = ("3-sigma, shift of 8 (not 7), trend of 6 rises, 2-of-3; icons", run_abspc)
    except Exception as exc:  # noqa: BLE001 - any failure means "unavailable"  # any import-time failure makes the row unavailable
        found["abspc"] = ("", f"unavailable: {type(exc).__name__}: {exc}")
    try:
        from qikit import qic

        def run_qikit(y: np.ndarray) -> Any:
            return qic(y=y, chart="i")

        found["clinical-qikit"] = (
            "3-sigma limits (screened mR) + Anhøj runs; no MDC trend/2-of-3",
            run_qikit,
        )
    except Exception as exc:  # noqa: BLE001 - any failure means "unavailable"
        found["clinical-qikit"] = ("", f"unavailable: {type(exc).__name__}: {exc}")
    try:
        import pandas as pd
        from processbehavior.signals.config import SignalConfig
        from processbehavior.signals.detector import SignalDetector

        config = SignalConfig(enabled_rules=["rule_1", "rule_2", "rule_4", "rule_5"])

        def run_pb(y: np.ndarray) -> Any:
            m = float(y.mean())
            amr = float(np.abs(np.diff(y)).mean())
            stats = {
                "center": m,
                "upl": m + 2.66 * amr,
                "lpl": m - 2.66 * amr,
                "sigma": amr / 1.128,
            }
            return SignalDetector().detect(
                pd.DataFrame({"y": y}), stats, config, value_col="y", chart_type="X"
            )

        found["processbehavior"] = (
            (
                "Western Electric 1, 2 (2-of-3 zone A), 4 (run of 8), 5 (trend of 6); "
                "no screening, no icons"
            ),
            run_pb,
        )
    except Exception as exc:  # noqa: BLE001 - any failure means "unavailable"
        found["processbehavior"] = ("", f"unavailable: {type(exc).__name__}: {exc}")
    try:
        from pyspc.ccharts.imrx import I_MR_X
        from pyspc.rules import rules

        def run_pyspc(y: np.ndarray) -> Any:
            data = np.column_stack([np.arange(1, len(y) + 1), y])
            values, centre, lcl, ucl, _ = I_MR_X().plot(data, 1)
            return rules().plot_violation_points(_NoAxes(), values, centre, lcl, ucl)

        found["pyspc"] = ("3-sigma (d2 = 1.128) and 7 on one side only", run_pyspc)
    except Exception as exc:  # noqa: BLE001 - any failure means "unavailable"
        found["pyspc"] = ("", f"unavailable: {type(exc).__name__}: {exc}")
    return found


# ----------------------------------------------------------------- measurements


MEMORY_CHILD = """
import os, sys
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[v] = "1"

def hwm():
    # VmHWM belongs to this exec'd image; ru_maxrss would inherit the parent's peak.
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0

import numpy as np
from qls.spc import analyse
S, L = int(sys.argv[1]), 60
rng = np.random.default_rng(1)
pts = {"series_id": np.repeat(np.arange(S, dtype=np.int64), L),
       "x": np.tile(np.arange(L, dtype=np.int64), S), "y": rng.normal(100.0, 10.0, S * L)}
before = hwm()
result = analyse(pts)
after = hwm()
print(before, after, result.points.num_rows)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    args = parser.parse_args()
    quick = args.quick
    warnings.simplefilter("ignore")
    tuned = tune_allocator()  # as the CLI does: reuse freed arrays instead of new page faults
    n_series = 10_000 if quick else 100_000
    single = 100_000 if quick else 1_000_000
    mem_series = 10_000 if quick else 100_000
    cli_series = 10_000 if quick else 100_000
    print(
        f"qls.spc benchmark{' (quick)' if quick else ''}; pinned to CPU "
        f"{sorted(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else '?'}",
        f"; glibc keeps freed memory: {tuned}",
        file=sys.stderr,
    )

    # 1. the batch
    pts = batch(n_series, 60)
    n = n_series * 60
    seconds = best_of(lambda: analyse(pts), 3 if quick else 5)
    ours = n / seconds
    row(
        f"analyse XmR, {n_series:,} series x 60, all rules + icons",
        f"{ours / 1e6:.1f} M pts/s",
        ">= 20 M pts/s",
        ours >= 20e6,
    )

    # 2. one long series
    one = batch(1, single)
    secs = best_of(lambda: analyse(one), 3)
    limit = 0.5 * single / 1_000_000
    row(
        f"analyse XmR, one series of {single:,} points",
        f"{secs:.3f} s",
        f"< {limit:g} s",
        secs < limit,
    )

    # 3. peak memory, in a child process so nothing else is counted
    proc = subprocess.run(
        [sys.executable, "-c", MEMORY_CHILD, str(mem_series)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 0:
        before, after, _ = (int(v) for v in proc.stdout.split())
        row(
            f"peak RSS (VmHWM) of a process analysing {mem_series * 60:,} points (inputs included)",
            f"{after / 2**20:.0f} MiB (inputs+imports {before / 2**20:.0f})",
            "< 1024 MiB",
            after < 2**30,
        )
    else:
        row("peak memory", f"error: {proc.stderr.strip()[-200:]}", "< 1024 MiB", False)

    # 4. the CLI end to end
    with tempfile.TemporaryDirectory() as tmp:
        cli_pts = batch(cli_series, 60, seed=2)
        table = pa.table(
            {
                "series_id": pa.array(cli_pts["series_id"]).cast(pa.string()),
                "x": pa.array(cli_pts["x"]),
                "y": pa.array(np.round(cli_pts["y"], 1)),
            }
        )
        path = os.path.join(tmp, "points.csv")
        pcsv.write_csv(table, path, pcsv.WriteOptions(quoting_style="none"))
        del table
        cmd = [
            sys.executable,
            "-m",
            "qls.spc",
            path,
            "--out",
            os.path.join(tmp, "r.csv"),
            "--summary",
            os.path.join(tmp, "s.csv"),
        ]
        env = dict(os.environ)
        env.pop("OMP_NUM_THREADS", None)
        t0 = time.perf_counter()
        done = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            check=False,
            env=env,
            preexec_fn=lambda: os.sched_setaffinity(0, range(os.cpu_count() or 1)),
        )
        secs = time.perf_counter() - t0
        limit = 10.0 * cli_series / 100_000
        if done.returncode == 0:
            row(
                f"qls spc on a {cli_series * 60:,}-row CSV, end to end",
                f"{secs:.1f} s",
                f"< {limit:g} s",
                secs < limit,
            )
        else:
            row("qls spc CLI", f"error: {done.stderr.strip()[-200:]}", f"< {limit:g} s", False)

    # 5. the plain loop, same rules
    plain_series = 500 if quick else 3_000
    small = batch(plain_series, 60, seed=3)
    ys = small["y"].reshape(plain_series, 60)
    lists = [list(map(float, r)) for r in ys]
    secs = best_of(lambda: [plain_xmr(r) for r in lists], 1)
    plain = plain_series * 60 / secs
    row(
        "plain per-series Python loop, same rules",
        f"{plain / 1e6:.2f} M pts/s; ours {ours / plain:.0f}x",
        "ours >= 10x",
        ours / plain >= 10,
    )

    # 6. the packages
    for name, (rules, fn) in adapters().items():
        if isinstance(fn, str):
            row(f"{name}", fn, "ours >= 100x", None)
            continue
        y = ys[0]
        try:
            pilot = best_of(lambda fn=fn, y=y: fn(y), 1)
            count = max(3, min(len(ys), int((0.5 if quick else 2.0) / max(pilot, 1e-6))))
            secs = best_of(lambda fn=fn, count=count: [fn(r) for r in ys[:count]], 1)
        except Exception as exc:  # noqa: BLE001 - any failure means "unavailable"
            row(f"{name}", f"unavailable: {type(exc).__name__}: {exc}"[:120], "ours >= 100x", None)
            continue
        theirs = count * 60 / secs
        row(
            f"{name} ({count} series x 60; {rules})",
            f"{theirs / 1e3:.1f} k pts/s; ours {ours / theirs:,.0f}x",
            "ours >= 100x",
            ours / theirs >= 100,
        )

    return TABLE.finish()


if __name__ == "__main__":
    sys.exit(main())
