"""Benchmark: the community home page, 10 users in flight, "p95 < 200 ms" on PostgreSQL.

Run inside a PostgreSQL (the target is for PostgreSQL):

    scripts/with-postgres.sh .venv/bin/python bench/bench_community_home.py \\
        --database-url "$DATABASE_URL"

Options: [--users 10] [--requests 300] [--workers 2] [--threads 10]
[--port 8767] [--pg-database NAME] [--keep PATH] [--reuse].

Builds the demo trust at standard scale without its board reports (the
community's parts read projects, learning and the staff directory, not the
reports): the forum's threads, the resource library, the e-learning with its
completions, the glossary and the celebration events are the demo's own.
The app is served by gunicorn as in production (see ``bench_ward_dashboard``)
and ``--users`` signed-in members of staff ask for /community/ back to back.
Latency is measured at the client, over ``--requests`` requests after a
warm-up; p50, p95 and the slowest are shown beside the target. Exits 1 on a
miss.
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
# Every demo step but the board reports, whose twelve months of editions the
# community's pages never read.
SKIPPED_STEPS = ("reports",)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_page_options(parser, users=10, requests=300, port=8767)
    add_database_options(parser, "qls_bench_community")
    args = parser.parse_args()

    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(16).hex()
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    db_url, tmp = open_database(args, prefix="qls-bench-community-")
    from django.db import connection

    if not args.reuse:
        build_demo_up_to(None, "standard", skip=SKIPPED_STEPS)

    cookies = signed_in_cookies("staff", args.users)
    measured = measure_page(
        db_url, "/community/", cookies, args, warm_up=args.workers * args.threads
    )
    passed = print_page_result(
        "community home",
        f"{connection.vendor}: community home of the standard demo; page "
        f"{measured.size / 1024:,.0f} KiB; first (cold) request {measured.first:,.0f} ms; "
        f"gunicorn {args.workers} workers x {args.threads} threads; {args.users} users in flight",
        measured,
        TARGET_MS,
    )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
