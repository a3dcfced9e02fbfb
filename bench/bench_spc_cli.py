"""Whole-process benchmark of ``qls spc`` on CSV files, beside its targets.

Run: .venv/bin/python bench/bench_spc_cli.py [--quick]

Each figure is one fresh process, as a user runs it: interpreter start,
imports, reading, the analysis, writing the points and summary CSVs. The
wall time is what a user waits; the CPU time (user + system of the child)
is printed beside it because other work on the machine stretches the wall
time but not the CPU time. Peak memory is the child's maximum resident set.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
from _bench_table import Table

TABLE = Table()
row = TABLE.row

# A wrapper process so the child's peak memory is its own, not the largest of the run.
MEASURE = """
import resource, subprocess, sys, time
t0 = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t0
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(done.returncode, wall, use.ru_utime + use.ru_stime, use.ru_maxrss * 1024)
sys.stderr.write(done.stderr.decode()[-300:])
"""


def measure(cmd: list[str]) -> tuple[int, float, float, int, str]:
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, check=False
    )
    code, wall, cpu, peak = done.stdout.split()
    return int(code), float(wall), float(cpu), int(peak), done.stderr


def points_csv(path: str, n_series: int) -> None:
    rng = np.random.default_rng(2)
    table = pa.table(
        {
            "series_id": pa.array(np.repeat(np.arange(n_series), 60)).cast(pa.string()),
            "x": pa.array(np.tile(np.arange(60), n_series)),
            "y": pa.array(np.round(rng.normal(100.0, 10.0, n_series * 60), 1)),
        }
    )
    pcsv.write_csv(table, path, pcsv.WriteOptions(quoting_style="none"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="600,000 rows only")
    args = parser.parse_args()
    spc = [sys.executable, "-m", "qls.spc"]
    print(
        f"qls spc command line; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    best = min(measure([*spc, "--help"])[1] for _ in range(3))
    row("qls spc --help", f"{best:.2f} s", "< 0.2 s", best < 0.2)
    sizes = [(10_000, 0.5)] if args.quick else [(10_000, 0.5), (100_000, 3.0)]
    with tempfile.TemporaryDirectory() as tmp:
        for n_series, limit in sizes:
            rows = n_series * 60
            src = os.path.join(tmp, f"points{rows}.csv")
            points_csv(src, n_series)
            size = os.path.getsize(src)
            cmd = [*spc, src, "--out", os.path.join(tmp, "r.csv")]
            cmd += ["--summary", os.path.join(tmp, "s.csv")]
            runs = [measure(cmd) for _ in range(2)]
            code, wall, cpu, peak, err = min(runs, key=lambda r: r[1])
            if code != 0:
                row(f"qls spc, {rows:,} rows", f"error: {err.strip()}", f"< {limit:g} s", False)
                continue
            row(
                f"qls spc on {rows:,} rows ({size / 2**20:.0f} MiB CSV), end to end",
                f"{wall:.2f} s ({cpu:.2f} s CPU)",
                f"< {limit:g} s",
                wall < limit,
            )
            allowed = 3 * size + 150 * 2**20
            row(
                f"qls spc on {rows:,} rows, peak memory",
                f"{peak / 2**20:.0f} MiB",
                f"< {allowed / 2**20:.0f} MiB (3x file + 150)",
                peak < allowed,
            )
    return TABLE.finish()


if __name__ == "__main__":
    sys.exit(main())
