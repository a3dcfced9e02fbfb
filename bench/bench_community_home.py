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
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, build_demo_up_to, open_database, percentile, serve
from bench_ward_dashboard import _get, _run

TARGET_MS = 200.0
# Every demo step but the board reports, whose twelve months of editions the
# community's pages never read.
SKIPPED_STEPS = ("reports",)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=10)
    parser.add_argument("--port", type=int, default=8767)
    add_database_options(parser, "qls_bench_community")
    args = parser.parse_args()

    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(16).hex()
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    db_url, tmp = open_database(args, prefix="qls-bench-community-")
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    if not args.reuse:
        from qls.organisation import demo

        for name in SKIPPED_STEPS:
            demo._STEPS.pop(name, None)
        build_demo_up_to(10_000, "standard")

    setup_test_environment()
    user = get_user_model().objects.get(username="staff")
    cookies = []
    for _ in range(args.users):
        client = Client()
        client.force_login(user)
        cookies.append(f"sessionid={client.cookies['sessionid'].value}")
    connection.close()

    server = serve(db_url, args.port, args.workers, args.threads)
    try:
        url = f"http://127.0.0.1:{args.port}/community/"
        status, size, first = _get(url, cookies[0])
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        _run(url, cookies, args.workers * args.threads)  # warm-up
        started = time.perf_counter()
        times = _run(url, cookies, args.requests)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    p50, p95 = statistics.median(times), percentile(times, 95)
    verdict = "pass" if p95 < TARGET_MS else "FAIL"
    print()
    print(
        f"{connection.vendor}: community home of the standard demo; page "
        f"{size / 1024:,.0f} KiB; first (cold) request {first:,.0f} ms; gunicorn "
        f"{args.workers} workers x {args.threads} threads; {args.users} users in flight"
    )
    print(
        f"{'page':<16}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  target       result"
    )
    print(
        f"{'community home':<16}{len(times):>9}{p50:>9.1f}{p95:>9.1f}{max(times):>9.1f}  "
        f"p95 < {TARGET_MS:.0f}   {verdict}"
    )
    print(f"throughput {len(times) / wall:,.1f} requests/s; load average {os.getloadavg()[0]:.1f}")
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if verdict == "pass" else 1


if __name__ == "__main__":
    sys.exit(main())
