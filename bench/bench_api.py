"""Benchmark: read one metric of 100,000 observations through the API, against "< 2 s".

Run: .venv/bin/python bench/bench_api.py [--rows 100000] [--limit 10000] [--repeats 3]
     [--database-url URL] [--pg-database NAME] [--keep PATH] [--reuse]

Builds a daily metric at 100 wards (1,000 days each) in a throw-away SQLite
database, makes an API token, then pages through ``/api/observations?metric=…``
with Django's test client exactly as Power BI does: the first URL, then each
``next`` link until it is null. Every request goes through the whole stack
(middleware, token check, rate limit, query, JSON). Prints the best and
median of ``--repeats`` reads beside the target, the same read as CSV and
with the default page size, and exits non-zero on a miss.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, open_database

TARGET_S = 2.0
WARDS = 100


def build(rows: int) -> str:
    """The metric, its series and observations; returns an API token."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from qls.measurement import tokens
    from qls.measurement.models import Level, Metric, Observation, Series
    from qls.organisation.models import Organisation, Site, Ward

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    trust = Organisation.objects.create(code="RXX", name="Bench Trust", kind="trust")
    site = Site.objects.create(organisation=trust, code="S1", name="Bench Hospital")
    wards = Ward.objects.bulk_create(
        Ward(site=site, code=f"W{i:03d}", name=f"Ward {i}") for i in range(WARDS)
    )
    metric = Metric.objects.create(
        code="bench-falls", name="Bench falls", definition="Falls a day.", frequency="day"
    )
    series = Series.objects.bulk_create(
        Series(metric=metric, level=Level.WARD, site=site, ward=w) for w in wards
    )
    per_series = -(-rows // WARDS)
    start = dt.date(2022, 1, 3)
    batch: list[Observation] = []
    made = 0
    for s in series:
        for day in range(per_series):
            if made == rows:
                break
            batch.append(
                Observation(series=s, period=start + dt.timedelta(days=day), value=(day * 7) % 11)
            )
            made += 1
        if len(batch) >= 20_000:
            Observation.objects.bulk_create(batch)
            batch.clear()
    Observation.objects.bulk_create(batch)
    # Fresh statistics, as after any large load: without them PostgreSQL plans
    # the paged query as if the table were empty.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = get_user_model().objects.create_superuser(
        username="bench", email="bench@example.invalid", password=None
    )
    _token, raw = tokens.create_token(user=user, name="bench")
    return raw


def reuse_token() -> str:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from qls.measurement import tokens
    from qls.measurement.models import ApiToken

    user = get_user_model().objects.get(username="bench")
    ApiToken.objects.filter(user=user).update(revoked_at=timezone.now())
    return tokens.create_token(user=user, name=f"bench {time.time()}")[1]


def read_all(client, token: str, url: str) -> tuple[float, int, int]:
    """(seconds, rows, pages) to follow ``next`` from ``url`` to the end.

    The client parses with orjson, as a program that reads JSON quickly would."""
    import orjson

    headers = {"Authorization": f"Bearer {token}"}
    rows = pages = 0
    started = time.perf_counter()
    while url:
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.content[:300]!r}")
        pages += 1
        if response["Content-Type"].startswith("text/csv"):
            rows += response.content.count(b"\n") - 1
            link = response.get("Link", "")
            url = link[1 : link.index(">")] if link else None
        else:
            body = orjson.loads(response.content)
            rows += len(body["items"])
            url = body["next"]
    return time.perf_counter() - started, rows, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--limit", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    add_database_options(parser, "qls_bench_api")
    args = parser.parse_args()
    _url, tmp = open_database(args, prefix="qls-bench-api-")
    try:
        from django.conf import settings
        from django.test import Client

        settings.DEBUG = False
        settings.ALLOWED_HOSTS = ["testserver"]
        # One client reading flat out is what is timed, not the rate limit.
        settings.QLS_API_RATE_LIMIT = "100000/minute"
        started = time.perf_counter()
        token = reuse_token() if args.reuse else build(args.rows)
        print(f"database ready in {time.perf_counter() - started:.1f} s")
        client = Client()
        first = f"/api/observations?metric=bench-falls&limit={args.limit}"
        times = []
        cpu_started = time.process_time()
        for _ in range(args.repeats):
            seconds, rows, pages = read_all(client, token, first)
            if rows != args.rows:
                print(f"read {rows:,} rows, expected {args.rows:,}")
                return 1
            times.append(seconds)
        cpu = (time.process_time() - cpu_started) / args.repeats
        best, median = min(times), statistics.median(times)
        print(
            f"read {args.rows:,} observations as JSON in {pages} pages of {args.limit:,}: "
            f"best {best:.2f} s, median {median:.2f} s (target < {TARGET_S:.0f} s); "
            f"{cpu:.2f} s of CPU a read (server and client in this one process)"
        )
        csv_s, csv_rows, csv_pages = read_all(client, token, first + "&format=csv")
        print(f"same as CSV: {csv_s:.2f} s ({csv_rows:,} rows, {csv_pages} pages)")
        default_s, _rows, default_pages = read_all(
            client, token, "/api/observations?metric=bench-falls"
        )
        print(f"default page size: {default_s:.2f} s ({default_pages} pages)")
        ok = median < TARGET_S and csv_rows == args.rows
        print("met" if ok else "MISSED", "the target")
        return 0 if ok else 1
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
