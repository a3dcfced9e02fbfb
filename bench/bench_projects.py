"""Benchmark of the project registry's pages against "< 200 ms at the 95th percentile".

Run: .venv/bin/python bench/bench_projects.py [--scale full|standard] [--requests 240]
     [--database-url URL] [--pg-database NAME] [--keep PATH] [--reuse]

Builds the demo trust at ``--scale full`` (2,400 projects, 14,000 staff, the
measurement demo's series) into a throw-away SQLite database, then times,
with Django's test client signed in as a member of staff:

* the project search page (/projects/) over varied words and filters;
* project pages (/projects/<pk>/) over varied projects, most with measures,
  SPC charts, evidence and similar projects.

Each page is warmed up, then requested ``--requests`` times; the table shows
p50, p95 and the slowest, with pass/fail against 200 ms at p95. Only the
demo steps the registry stands on are built (organisation, measurement,
projects); later areas' data does not touch these pages.

PostgreSQL: pass ``--database-url postgres://...`` (for example inside
``scripts/with-postgres.sh``, which exports DATABASE_URL; use
``--database-url "$DATABASE_URL" --pg-database qls_bench_projects`` so the
benchmark gets a database of its own next to anyone else's).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, build_demo_up_to, open_database, percentile

TARGET_MS = 200.0

QUERIES = [
    "falls",
    "sepsis screening",
    "discharge before noon",
    "bay nursing",
    "pressure ulcers heel",
    "",
    "medicines",
    "huddle",
    "red socks",
    "night",
    "delirium",
    "staff breaks",
    "theatre",
    "hand hygiene",
    "nutrition",
]
FILTERS: list[list[tuple[str, str]]] = [
    [],
    [("site", "BRO")],
    [("evidence", "on")],
    [("stage", "testing"), ("stage", "implementing")],
    [("aim", "1"), ("domain", "safe")],
    [("category", "fix"), ("site", "SOU")],
    [("page", "2")],
    [("site", "BAS"), ("evidence", "on"), ("stage", "closed")],
]


def _time(client, urls: list[str], warm: int) -> list[float]:  # type: ignore[no-untyped-def]
    for url in urls[:warm]:
        assert client.get(url).status_code == 200, url
    out = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", default="full", choices=["standard", "full"])
    parser.add_argument("--requests", type=int, default=240)
    add_database_options(parser, "qls_bench_projects")
    args = parser.parse_args()

    _url, tmp = open_database(args, prefix="qls-bench-projects-")
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from qls.projects.models import Measure, Project

    setup_test_environment()
    if not args.reuse:
        build_demo_up_to("projects", args.scale)
    projects = Project.objects.count()
    print(f"{connection.vendor}: {projects:,} projects, {Measure.objects.count():,} measures")

    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="staff"))
    n = args.requests
    search_urls = []
    for i in range(n):
        query = QUERIES[i % len(QUERIES)]
        pairs = ([("q", query)] if query else []) + FILTERS[(i // len(QUERIES)) % len(FILTERS)]
        from urllib.parse import urlencode

        search_urls.append("/projects/?" + urlencode(pairs))
    measured = list(
        Project.objects.filter(measures__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    others = list(
        Project.objects.filter(measures__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    # Three in four project pages have measures (charts, evidence): the heavier case.
    pool = measured[:: max(1, len(measured) // 150)] + others[:: max(1, len(others) // 50)]
    page_urls = [f"/projects/{pool[(i * 7) % len(pool)]}/" for i in range(n)]

    rows = []
    for name, urls in (("search page", search_urls), ("project page", page_urls)):
        times = _time(client, urls, warm=min(30, n))
        p50, p95 = statistics.median(times), percentile(times, 95)
        rows.append((name, len(times), p50, p95, max(times)))
    print()
    print(f"{'page':<14}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}  target      result")
    ok = True
    for name, count, p50, p95, worst in rows:
        passed = p95 < TARGET_MS
        ok &= passed
        print(
            f"{name:<14}{count:>9}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}  p95 < {TARGET_MS:.0f}   "
            f"{'pass' if passed else 'FAIL'}"
        )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
