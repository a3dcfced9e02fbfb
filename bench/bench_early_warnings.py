"""Benchmark: the system's early-warning list, 10 users in flight, "p95 under 300 ms
(PostgreSQL)".

Run inside a PostgreSQL (the target is for PostgreSQL):

    scripts/with-postgres.sh .venv/bin/python bench/bench_early_warnings.py \\
        --database-url "$DATABASE_URL"

Options: [--users 10] [--requests 300] [--workers 2] [--threads 10]
[--port 8768] [--pg-database NAME] [--keep PATH] [--reuse].

Builds an integrated care system of 10 organisations (the host trust and
nine partners, each partner holding its data on one site) and 50 monthly
metrics, every one shared by every organisation, with 3 years of monthly
data per organisation and metric (500 series, 18,000 observations); SPC is
computed by the SPC cache as an import would, and about a fifth of the
series end in a shift so the list has hard signals to show. Each partner
has a year of soft intelligence (60 entries, about a quarter in the
window). The app is served by gunicorn as in production (see
``bench_ward_dashboard``) and ``--users`` signed-in System quality leads,
who see every partner's shared series and soft intelligence, ask for
/system/early-warnings/ back to back. Latency is measured at the client,
over ``--requests`` requests after a warm-up; p50, p95 and the slowest are
shown beside the target. Exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, open_database
from _bench_page import add_page_options, measure_page, print_page_result, signed_in_cookies

TARGET_MS = 300.0
ORGANISATIONS = 10
METRICS = 50
MONTHS = 36
SHIFTED = 0.2  # the share of series whose last months shift upwards: hard signals
SOFT_PER_PARTNER = 6
USERNAME = "bench-system-lead"


def _months_back(today: dt.date, n: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def build() -> dict[str, int]:
    """The system, its shared metrics and data, SPC, soft intelligence and the lead."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from qls.accounts.roles import Role, sync_roles
    from qls.measurement.models import (
        ChartType,
        Dataset,
        DataSharingAgreement,
        Frequency,
        ImprovementDirection,
        Level,
        Metric,
        MetricShare,
        Observation,
        Series,
    )
    from qls.measurement.spc_cache import recompute_series
    from qls.organisation.models import Organisation, Site, StaffGroup, StaffMember
    from qls.system.warnings.models import SoftIntelligence

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    sync_roles()
    rng = random.Random(20261204)
    today = timezone.localdate()
    with transaction.atomic():
        host = Organisation.objects.create(
            code="HOST", name="Bench Hospitals Trust", kind="trust", is_host=True
        )
        icb = Organisation.objects.create(code="ICB", name="Bench Care Board", kind="icb")
        partners = [
            Organisation.objects.create(code=f"P{n}", name=f"Partner {n} Trust", kind="trust")
            for n in range(1, ORGANISATIONS)
        ]
        sites = {
            p.pk: Site.objects.create(organisation=p, code=f"PS{n}", name=f"Partner {n} site")
            for n, p in enumerate(partners, start=1)
        }
        user = get_user_model().objects.create_user(USERNAME, password=os.urandom(8).hex())
        user.groups.add(Group.objects.get(name=Role.SYSTEM_QUALITY_LEAD))
        StaffMember.objects.create(
            staff_number="B0001", first_name="Bench", last_name="Lead",
            email="bench.lead@example.nhs.uk", organisation=icb, user=user,
            staff_group=StaffGroup.ADMIN_CLERICAL, job_role="System quality lead", band="Band 8a",
        )  # fmt: skip
        dataset = Dataset.objects.create(
            name="System quality data", slug="system-quality", source_system="Partners' returns"
        )
        metrics = [
            Metric.objects.create(
                code=f"measure-{n:02d}",
                name=f"System measure {n:02d}",
                definition="A count each partner returns monthly.",
                dataset=dataset,
                unit="count",
                chart_type=ChartType.XMR,
                frequency=Frequency.MONTH,
                improvement_direction=ImprovementDirection.DECREASE,
                target=95.0,
            )
            for n in range(1, METRICS + 1)
        ]
        agreement = DataSharingAgreement.objects.create(
            name="Bench data sharing agreement", signed_on=dt.date(2025, 1, 6),
            document="sharing-agreements/2025/bench.pdf", uploaded_by=user,
        )  # fmt: skip
        MetricShare.objects.bulk_create(
            MetricShare(
                metric=m,
                organisation=o,
                agreement=agreement,
                shared_from=dt.date(2025, 1, 6),
                approved_by=user,
            )
            for m in metrics
            for o in [host, *partners]
        )
        series = [Series(metric=m, level=Level.TRUST) for m in metrics] + [
            Series(metric=m, level=Level.SITE, site=sites[p.pk]) for m in metrics for p in partners
        ]
        series = Series.objects.bulk_create(series)
        periods = [_months_back(today, n) for n in range(MONTHS, 0, -1)]
        observations = []
        for s in series:
            shift = rng.random() < SHIFTED
            for i, period in enumerate(periods):
                value = rng.gauss(100, 5) + (25 if shift and i >= MONTHS - 8 else 0)
                observations.append(Observation(series=s, period=period, value=round(value, 1)))
        Observation.objects.bulk_create(observations, batch_size=5000)
        kinds = SoftIntelligence.Kind.values
        SoftIntelligence.objects.bulk_create(
            SoftIntelligence(
                organisation=p,
                kind=rng.choice(kinds),
                weight=rng.randint(1, 3),
                summary="A theme heard across several teams this month.",
                source="Monthly quality report",
                received_on=today - dt.timedelta(days=d),
                sensitivity=rng.choice(SoftIntelligence.Sensitivity.values),
                logged_by=user,
            )
            for p in partners
            for d in rng.sample(range(365), SOFT_PER_PARTNER)
        )
    recompute_series([s.pk for s in series])
    warned = Series.objects.exclude(variation_icon__in=["", "common_cause"]).count()
    print(
        f"built {ORGANISATIONS} organisations, {METRICS} shared metrics, {len(series)} series, "
        f"{len(observations):,} observations, SPC in {time.perf_counter() - started:.0f} s "
        f"({warned} series with special cause)",
        flush=True,
    )
    return {"series": len(series), "observations": len(observations)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_page_options(parser, users=10, requests=300, port=8768)
    add_database_options(parser, "qls_bench_early_warnings")
    args = parser.parse_args()

    # One key for this process (which signs the sessions) and the server.
    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(16).hex()
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    db_url, tmp = open_database(args, prefix="qls-bench-warnings-")
    from django.contrib.auth import get_user_model
    from django.db import connection

    from qls.system.warnings.queries import early_warnings

    if not args.reuse:
        build()
    found = early_warnings(get_user_model().objects.get(username=USERNAME))
    rows = sum(len(w.concerns) for w in found)
    connection.close()

    cookies = signed_in_cookies(USERNAME, args.users)
    measured = measure_page(
        db_url, "/system/early-warnings/", cookies, args, warm_up=args.workers * args.threads
    )
    passed = print_page_result(
        "early warnings",
        f"{connection.vendor}: early-warning list of {ORGANISATIONS} organisations x "
        f"{METRICS} shared metrics x {MONTHS} months; {len(found)} organisations, {rows} rows; "
        f"page {measured.size / 1024:,.0f} KiB; first (cold) request {measured.first:,.0f} ms; "
        f"gunicorn {args.workers} workers x {args.threads} threads; {args.users} users in flight",
        measured,
        TARGET_MS,
    )
    print(f"target: p95 under {TARGET_MS:.0f} ms (PostgreSQL); measured p95 {measured.p95:.1f} ms")
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
