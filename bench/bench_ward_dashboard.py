"""Benchmark: a ward dashboard with 30+ charts, 20 concurrent users, against "p95 < 200 ms".

Run inside a PostgreSQL (the target is for PostgreSQL):

    scripts/with-postgres.sh .venv/bin/python bench/bench_ward_dashboard.py \\
        --database-url "$DATABASE_URL"

Options: [--scale standard|full] [--users 20] [--requests 400] [--workers 2]
[--threads 10] [--port 8765] [--pg-database NAME] [--keep PATH] [--reuse] (reuse
the database a previous run built: the --keep SQLite file or --pg-database).

Builds the demo's organisation and measurement steps, finds the ward with
the most charts, and serves the app with gunicorn (``--workers`` processes
of ``--threads`` threads, persistent database connections, DEBUG off and
static files collected) as a production site would. ``--users`` client threads, each signed in, then ask for that
ward's dashboard back to back, after a warm-up that lets every server
process fill its chart cache. Latency is measured at the client, first
byte to last, over ``--requests`` requests; the table shows p50, p95 and
the slowest beside the target.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, build_demo_up_to, open_database
from _bench_page import add_page_options, measure_page, print_page_result, signed_in_cookies

TARGET_MS = 200.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", default="standard", choices=["standard", "full"])
    add_page_options(parser, users=20, requests=400, port=8765)
    add_database_options(parser, "qls_bench_dashboard")
    args = parser.parse_args()

    # One key for this process (which signs the sessions) and the server.
    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(16).hex()
    db_url, tmp = open_database(args, prefix="qls-bench-dash-")
    from django.db import connection
    from django.db.models import Count

    from qls.measurement.models import Series

    if not args.reuse:
        build_demo_up_to("measurement", args.scale, staff_count=300)
    top = (
        Series.objects.filter(level="ward", stratum_dimension="")
        .exclude(variation_icon="")
        .values("ward__code")
        .annotate(n=Count("id"))
        .order_by("-n", "ward__code")
        .first()
    )
    if not top or top["n"] < 30:
        raise SystemExit(f"no ward has 30 charts: {top}")
    ward, charts = top["ward__code"], top["n"]

    cookies = signed_in_cookies("staff", args.users)
    # Warm-up: every server process renders the page once and keeps its charts.
    measured = measure_page(
        db_url, f"/data/wards/{ward}/", cookies, args, warm_up=args.workers * args.threads * 2
    )
    passed = print_page_result(
        "ward dashboard",
        f"{connection.vendor}: ward {ward}, {charts} charts, page {measured.size / 1024:,.0f} KiB; "
        f"first (cold) request {measured.first:,.0f} ms; gunicorn {args.workers} workers x "
        f"{args.threads} threads; {args.users} concurrent users",
        measured,
        TARGET_MS,
    )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
