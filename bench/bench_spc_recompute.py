"""Benchmark: recompute SPC for every series of the full demo, against "< 5 s".

Run: .venv/bin/python bench/bench_spc_recompute.py [--scale full|standard] [--repeats 3]
     [--database-url URL] [--pg-database NAME] [--keep PATH] [--reuse]

Builds the demo trust's organisation and measurement steps at ``--scale
full`` (every ward with beds, each site and the trust, all 40 metrics, and
the strata series) into a throw-away SQLite database, then times
``spc_cache.recompute_all()`` end to end: reading every observation, one
engine call per chart type, and writing the cached results of every series
back. Prints the best and median of ``--repeats`` runs beside the target.

PostgreSQL: ``scripts/with-postgres.sh .venv/bin/python bench/bench_spc_recompute.py
--database-url "$DATABASE_URL"`` (the benchmark makes a database of its own).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, build_demo_up_to, open_database

TARGET_S = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", default="full", choices=["standard", "full"])
    parser.add_argument("--repeats", type=int, default=3)
    add_database_options(parser, "qls_bench_spc")
    args = parser.parse_args()

    _url, tmp = open_database(args, prefix="qls-bench-spc-")
    from django.db import connection

    from qls.measurement import spc_cache
    from qls.measurement.models import Observation, Series

    if not args.reuse:
        build_demo_up_to("measurement", args.scale, staff_count=300)
    series = Series.objects.count()
    strata = Series.objects.exclude(stratum_dimension="").count()
    points = Observation.objects.count()
    print(
        f"{connection.vendor}: {series:,} series ({strata:,} of them strata), "
        f"{points:,} observations",
        flush=True,
    )
    spc_cache.recompute_series([Series.objects.values_list("pk", flat=True).first()])  # imports
    times, cpu = [], []
    for _ in range(args.repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        report = spc_cache.recompute_all()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        if report.series != series or report.failed:
            raise SystemExit(f"recompute incomplete: {report}")
    best, median = min(times), statistics.median(times)
    verdict = "pass" if best < TARGET_S else "FAIL"
    print()
    # CPU seconds beside wall-clock ones: on a shared machine the wall clock
    # also counts time spent waiting for a core.
    print(f"{'measurement':<44}{'best s':>8}{'median s':>10}{'cpu s':>8}  target   result")
    print(
        f"{'recompute SPC, every series (' + format(series, ',') + ')':<44}"
        f"{best:>8.2f}{median:>10.2f}{min(cpu):>8.2f}  < {TARGET_S:.0f} s    {verdict}"
    )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f}")
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if verdict == "pass" else 1


if __name__ == "__main__":
    sys.exit(main())
