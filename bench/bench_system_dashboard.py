"""Benchmark: the system dashboard for one metric across 10 organisations, against "p95 < 300 ms".

    .venv/bin/python bench/bench_system_dashboard.py [--database-url postgres://...]

Options: [--users 10] [--requests 200] [--workers 2] [--threads 10] [--port 8767]
[--pg-database NAME] [--keep PATH] [--reuse].

Builds its own small world: the host trust and nine partners, one p-chart
metric with three years of monthly data at each (the host's trust-level
series, each partner's site-level series), shared by every organisation
under one agreement, and a system quality lead. It then serves the app
with gunicorn as a production site would and times the system dashboard
(``/system/``: the matrix of icons and the risk counts) and the metric across
the system (``/system/metrics/<code>/``: ten charts and the pooled system
total, computed on each request) back to back from ``--users`` signed-in
users, printing p50, p95 and the slowest beside the target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, open_database
from _bench_page import add_page_options, measure_page, print_page_result, signed_in_cookies

TARGET_MS = 300.0
ORGANISATIONS = 10
MONTHS = 36
USERNAME = "bench-system-lead"
CODE = "bench-screening"


def build() -> None:
    """The host and nine partners, one shared p-chart metric, 36 months each."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from qls.accounts.roles import Role
    from qls.measurement.models import Dataset, Metric, Observation, Series
    from qls.measurement.sharing import share_metric
    from qls.measurement.spc_cache import recompute_series
    from qls.organisation.models import Organisation, Site, StaffMember
    from qls.system.sharing.actions import upload_agreement

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user(USERNAME, password=os.urandom(8).hex())
    user.groups.add(Group.objects.get(name=Role.SYSTEM_QUALITY_LEAD))
    icb = Organisation.objects.create(code="BICB", name="Bench ICB", kind="icb")
    StaffMember.objects.create(
        user=user, organisation=icb, staff_number="99000001", first_name="Bench",
        last_name="Lead", email="bench.lead@example.nhs.uk",
    )  # fmt: skip
    dataset = Dataset.objects.create(name="Bench", slug="bench")
    metric = Metric.objects.create(
        code=CODE, name="Sepsis screening within an hour", dataset=dataset, chart_type="p",
        unit="%", multiplier=100, frequency="month", improvement_direction="increase",
        target=90,
    )  # fmt: skip
    orgs = [Organisation.objects.create(code="BHOST", name="Bench host trust", kind="trust",
                                        is_host=True)]  # fmt: skip
    orgs += [
        Organisation.objects.create(code=f"BP{i}", name=f"Bench partner {i}", kind="other")
        for i in range(1, ORGANISATIONS)
    ]
    rng = random.Random(1)
    series = []
    for org in orgs:
        if org.is_host:
            s = Series.objects.create(metric=metric, level="trust")
        else:
            site = Site.objects.create(
                organisation=org, code=f"{org.code}S", name=f"{org.name} site"
            )
            s = Series.objects.create(metric=metric, level="site", site=site)
        rows = []
        for m in range(MONTHS):
            period = dt.date(2023 + m // 12, m % 12 + 1, 1)
            den = float(rng.randint(150, 250))
            num = float(rng.randint(100, int(den)))
            rows.append(Observation(series=s, period=period, value=num / den * 100,
                                    numerator=num, denominator=den))  # fmt: skip
        Observation.objects.bulk_create(rows)
        series.append(s)
    recompute_series([s.pk for s in series])
    agreement = upload_agreement(
        name="Bench agreement", signed_on=dt.date(2026, 1, 1),
        document=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bench.pdf"), organisations=orgs, by=user,
    )  # fmt: skip
    for org in orgs:
        share_metric(metric=metric, organisation=org, agreement=agreement, approved_by=user)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_page_options(parser, users=10, requests=200, port=8767)
    add_database_options(parser, "qls_bench_system_dashboard")
    args = parser.parse_args()

    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(16).hex()
    db_url, tmp = open_database(args, prefix="qls-bench-system-")
    from django.db import connection

    if not args.reuse:
        build()
    cookies = signed_in_cookies(USERNAME, args.users)
    warm_up = args.workers * args.threads * 2
    passed = True
    for label, path in (("system dashboard", "/system/"), ("metric", f"/system/metrics/{CODE}/")):
        measured = measure_page(db_url, path, cookies, args, warm_up=warm_up)
        passed &= print_page_result(
            label,
            f"{connection.vendor}: {path}, one metric across {ORGANISATIONS} organisations, "
            f"{MONTHS} months each; page {measured.size / 1024:,.0f} KiB; first (cold) request "
            f"{measured.first:,.0f} ms; gunicorn {args.workers} workers x {args.threads} threads; "
            f"{args.users} concurrent users (target: under {TARGET_MS:.0f} ms)",
            measured,
            TARGET_MS,
        )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
