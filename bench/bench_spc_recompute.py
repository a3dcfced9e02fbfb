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

from _bench_db import fresh_database

TARGET_S = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", default="full", choices=["standard", "full"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--pg-database", default="qls_bench_spc")
    parser.add_argument("--keep", default=None, help="build into this SQLite file and keep it")
    parser.add_argument("--reuse", action="store_true", help="reuse the --keep file as built")
    args = parser.parse_args()

    if args.reuse and args.keep:
        url, tmp = f"sqlite:///{args.keep}", None
    else:
        url, tmp = fresh_database(
            args.database_url, args.pg_database, args.keep, prefix="qls-bench-spc-"
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qls.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from qls.measurement import spc_cache
    from qls.measurement.models import Observation, Series
    from qls.organisation import demo

    if not args.reuse:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        for name, step in list(demo._STEPS.items()):
            if step.order > 400:
                demo._STEPS.pop(name)
        summary = demo.build_demo(
            scale=args.scale, staff_count=300, force=True, log=lambda m: print(m, flush=True)
        )
        print(
            "demo built: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in summary.timings.items())
            + f" ({time.perf_counter() - started:.0f} s with migrations)",
            flush=True,
        )
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
