"""Benchmark: aggregate a 10-million-row record-level CSV into observations,
against "< 20 s" and "< 2 GB peak memory".

Run: .venv/bin/python bench/bench_import_aggregation.py [--rows 10000000] [--keep DIR]

Builds a throw-away SQLite database with a trust of three sites and sixty
wards and one metric (emergency readmissions within 30 days, a monthly p
chart split by IMD quintile, ethnic group, age band and sex), then writes a
record-level CSV of one row per discharge with DuckDB (fast, outside the
timing). A fresh child process then runs the real importer path
(``import_path``: hashing the file, checking every row, aggregating at ward,
site and trust level for everyone and each stratum, and saving the
observations in one transaction) and reports its wall time and its peak
resident memory (VmHWM, which includes DuckDB's buffers). SPC recompute is
left out: it has its own benchmark.

DuckDB is capped by QLS_DUCKDB_MEMORY_LIMIT (default 1GB) and spills to
var/duckdb-spill beyond it; threads default to the CPU count.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
TARGET_S = 20.0
TARGET_BYTES = 2 * 1024**3
WARDS = 60


def _setup_django(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qls.settings")
    os.environ.setdefault("QLS_VAR_DIR", str(db.parent))
    import django

    django.setup()


def _build(db: Path, csv_path: Path, rows: int) -> None:
    _setup_django(db)
    import duckdb
    from django.core.management import call_command

    from qls.measurement.models import ChartType, Frequency, Metric
    from qls.organisation.models import Organisation, Site, Ward

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    trust = Organisation.objects.create(
        code="RBENCH", name="Bench Hospitals NHS Trust", kind="trust", is_host=True
    )
    sites = [
        Site.objects.create(organisation=trust, code=f"S{i}", name=f"Site {i}") for i in (1, 2, 3)
    ]
    Ward.objects.bulk_create(
        Ward(site=sites[i % 3], code=f"W{i:03d}", name=f"Ward {i}") for i in range(WARDS)
    )
    Metric.objects.create(
        code="readmissions-30-days",
        name="Emergency readmissions within 30 days",
        definition="Discharges followed by an emergency readmission within 30 days.",
        chart_type=ChartType.P,
        frequency=Frequency.MONTH,
        multiplier=100,
        strata=["imd_quintile", "ethnic_group", "age_band", "sex"],
        record_date_column="discharged",
        record_org_unit_column="ward",
        record_filter="elective = 'N'",
        record_numerator="CASE WHEN readmitted_30d = 'Y' THEN 1 ELSE 0 END",
        record_denominator="1",
        record_strata={
            "imd_quintile": "imd_quintile",
            "ethnic_group": "ethnic_group",
            "age_band": "age_band",
            "sex": "sex",
        },
    )
    print(f"database ready in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(
        f"""COPY (
          SELECT
            strftime(DATE '2022-01-01' + CAST(hash(i) % 1096 AS INTEGER), '%Y-%m-%d') AS discharged,
            'W' || lpad(CAST(hash(i + 1) % {WARDS} AS VARCHAR), 3, '0') AS ward,
            CASE WHEN hash(i + 2) % 5 = 0 THEN 'Y' ELSE 'N' END AS elective,
            CASE WHEN hash(i + 3) % 100 < 12 THEN 'Y' ELSE 'N' END AS readmitted_30d,
            CAST(1 + hash(i + 4) % 5 AS VARCHAR) AS imd_quintile,
            ['A','B','C','D','E','F','G','H','J','K','L','M','N','P','R','S','Z'][CAST(1 + hash(i + 5) % 17 AS BIGINT)]
              AS ethnic_group,
            ['0-17','18-44','45-64','65-74','75-84','85+'][CAST(1 + hash(i + 6) % 6 AS BIGINT)] AS age_band,
            ['F','M'][CAST(1 + hash(i + 7) % 2 AS BIGINT)] AS sex,
            CAST(hash(i + 8) % 30 AS INTEGER) AS length_of_stay
          FROM range({rows}) t(i)
        ) TO '{csv_path}' (HEADER, DELIMITER ',')"""
    )
    size = csv_path.stat().st_size
    print(
        f"wrote {rows:,} rows ({size / 2**20:.0f} MiB) in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def _child(db: Path, csv_path: Path) -> None:
    """Run the import in this fresh process; print JSON with time and peak RSS."""
    _setup_django(db)
    import resource

    from qls.measurement.importing import import_path
    from qls.measurement.models import Metric

    metric = Metric.objects.get(code="readmissions-30-days")
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    imp = import_path(csv_path, kind="record", metric=metric, recompute=False)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open("/proc/self/status") as status:
        hwm = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmHWM:"))
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "hwm": hwm,
                "status": imp.status,
                "error": imp.error,
                "rows_in": imp.rows_in,
                "rows_out": imp.rows_out,
            }
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--keep", default=None, help="work in this directory and keep it")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: reuse the database and CSV built before"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(Path(args.child[0]), Path(args.child[1]))
        return 0

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="qls-bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    db, csv_path = work / "bench.sqlite3", work / "discharges.csv"
    reuse = bool(args.reuse and args.keep and db.exists() and csv_path.exists())
    if not reuse:
        for path in (db, csv_path):
            path.unlink(missing_ok=True)
    try:
        # The build runs in its own process so the measured one starts clean.
        if not reuse:
            _build_in_subprocess(db, csv_path, args.rows)
        proc = subprocess.run(
            [sys.executable, __file__, "--child", str(db), str(csv_path)],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            print(proc.stderr[-2000:], file=sys.stderr)
            return 1
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        if result["status"] != "succeeded":
            print(f"import failed: {result['error']}", file=sys.stderr)
            return 1
        ok_time = result["seconds"] < TARGET_S
        ok_mem = result["hwm"] < TARGET_BYTES
        print()
        print(
            f"{args.rows:,} record-level rows -> {result['rows_out']:,} observations "
            f"(rows read {result['rows_in']:,})"
        )
        print(f"{'measurement':<52}{'measured':>12}  {'target':<8} result")
        print(
            f"{'aggregate the CSV into observations (wall time)':<52}"
            f"{result['seconds']:>10.1f} s  {'< 20 s':<8} {'pass' if ok_time else 'FAIL'}"
        )
        print(
            f"{'CPU time of the import, all threads (for context)':<52}"
            f"{result['cpu']:>10.1f} s  {'':<8} -"
        )
        load = os.getloadavg()[0]
        if load > (os.cpu_count() or 1):
            print(
                f"note: load average {load:.1f} on {os.cpu_count()} CPUs while measuring; "
                "wall time includes waiting for a CPU"
            )
        print(
            f"{'peak memory of the importing process (VmHWM)':<52}"
            f"{result['hwm'] / 2**20:>8.0f} MiB  {'< 2 GB':<8} {'pass' if ok_mem else 'FAIL'}"
        )
        return 0 if ok_time and ok_mem else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _build_in_subprocess(db: Path, csv_path: Path, rows: int) -> None:
    code = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
        "import bench_import_aggregation as b; from pathlib import Path; "
        f"b._build(Path({str(db)!r}), Path({str(csv_path)!r}), {rows})"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


if __name__ == "__main__":
    sys.exit(main())
