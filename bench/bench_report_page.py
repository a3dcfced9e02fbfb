"""Benchmark: the web summary page of a committee edition, 10 users in flight, "p95 < 300 ms".

Run inside a PostgreSQL (the target is for PostgreSQL):

    scripts/with-postgres.sh .venv/bin/python bench/bench_report_page.py \\
        --database-url "$DATABASE_URL"

Options: [--users 10] [--requests 300] [--workers 2] [--threads 10]
[--port 8766] [--pg-database NAME] [--keep PATH] [--reuse].

Builds the demo's trust and staff, then a committee-sized report: 60 trust
metrics with three years of monthly data in 5 sections of 12, 15 of them
special cause concern in the latest month. Opens the edition of that month
(the snapshot: its time is printed too), writes the 15 narratives, and
approves and publishes it. The app is served by gunicorn as in production
(see ``bench_ward_dashboard``) and ``--users`` signed-in staff ask for the
edition's page back to back. Latency is measured at the client, over
``--requests`` requests after a warm-up; p50, p95 and the slowest are shown
beside the target. Exits 1 on a miss.
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

from _bench_db import add_database_options, build_demo_up_to, open_database
from _bench_page import add_page_options, measure_page, print_page_result, signed_in_cookies

TARGET_MS = 300.0
METRICS, SECTIONS, EXCEPTIONS, MONTHS = 60, 5, 15, 36
SLUG = "bench-committee"


def _months(last: dt.date, n: int) -> list[dt.date]:
    out = []
    for i in range(n - 1, -1, -1):
        y, m = divmod(last.year * 12 + last.month - 1 - i, 12)
        out.append(dt.date(y, m + 1, 1))
    return out


def build_edition() -> tuple[int, float]:
    """The committee report and its published edition; (edition id, snapshot seconds)."""
    from django.contrib.auth import get_user_model

    from qls.measurement.models import (
        ChartType,
        Dataset,
        Frequency,
        ImprovementDirection,
        Level,
        Metric,
        Observation,
        Series,
    )
    from qls.measurement.spc_cache import recompute_series
    from qls.organisation.models import StaffMember
    from qls.reports import actions, workflow
    from qls.reports.models import ItemKind, Report
    from qls.reports.models.section import CqcKeyQuestion, SectionKind

    rng = random.Random(17)
    users = get_user_model().objects
    improvement, executive = users.get(username="improvement"), users.get(username="executive")
    lead = StaffMember.objects.get(user=executive)
    owners = list(StaffMember.objects.filter(user__isnull=False, active=True)[:SECTIONS])
    dataset, _ = Dataset.objects.get_or_create(
        slug="bench-committee-data",
        defaults={"name": "Committee benchmark data", "source_system": "Synthetic"},
    )
    today = dt.date.today()
    period = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    months = _months(period, MONTHS)
    metrics, series = [], []
    for i in range(METRICS):
        metric = Metric.objects.create(
            code=f"bench-committee-{i:02d}",
            name=f"Committee measure {i + 1:02d}",
            definition="A synthetic monthly count for the report benchmark.",
            dataset=dataset,
            unit="count",
            chart_type=ChartType.XMR,
            improvement_direction=ImprovementDirection.DECREASE,
            frequency=Frequency.MONTH,
        )
        one = Series.objects.create(metric=metric, level=Level.TRUST)
        values = [rng.gauss(50, 4) for _ in months]
        if i % (METRICS // EXCEPTIONS) == 0:  # every fourth: a spike, special cause concern
            values[-1] = 90.0
        Observation.objects.bulk_create(
            Observation(series=one, period=p, value=round(v, 1))
            for p, v in zip(months, values, strict=True)
        )
        metrics.append(metric)
        series.append(one.pk)
    recompute_series(series)
    report = Report.objects.create(
        name="Quality and Safety Committee — benchmark pack",
        slug=SLUG,
        audience="committee",
        executive_lead=lead,
    )
    per = METRICS // SECTIONS
    for s, question in enumerate(list(CqcKeyQuestion.values)[:SECTIONS]):
        actions.add_section(
            report=report,
            kind=SectionKind.CQC,
            cqc_question=question,
            metrics=metrics[s * per : (s + 1) * per],
            owner=owners[s % len(owners)],
        )
    started = time.perf_counter()
    edition = workflow.open_edition(report=report, period=period, by=improvement, today=today)
    snapshot_s = time.perf_counter() - started
    exceptions = list(edition.items.filter(kind=ItemKind.EXCEPTION))
    if len(exceptions) != EXCEPTIONS:
        raise SystemExit(f"expected {EXCEPTIONS} exceptions, the snapshot found {len(exceptions)}")
    for item in exceptions:
        workflow.save_narrative(
            item=item,
            by=improvement,
            chart_shows=f"{item.metric_name} rose above the upper process limit.",
            why="Two wards opened extra beds during a norovirus outbreak.",
            actions="Extra checks on every ward - matron - by the end of next month.",
            expected="Back within the limits within two months.",
        )
    workflow.mark_complete(edition=edition, by=improvement)
    workflow.approve(edition=edition, by=executive)
    workflow.publish(edition=edition, by=executive)
    return edition.pk, snapshot_s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    add_page_options(parser, users=10, requests=300, port=8766)
    add_database_options(parser, "qls_bench_report")
    args = parser.parse_args()

    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(16).hex()
    # The owners' emails are kept in memory, not printed among the figures.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    db_url, tmp = open_database(args, prefix="qls-bench-report-")
    from django.db import connection

    from qls.reports.models import Edition

    snapshot_s = None
    if args.reuse:
        edition = Edition.objects.get(report__slug=SLUG).pk
    else:
        build_demo_up_to("logins", "standard", staff_count=300)
        edition, snapshot_s = build_edition()

    cookies = signed_in_cookies("staff", args.users)
    measured = measure_page(
        db_url, f"/reports/editions/{edition}/", cookies, args, warm_up=args.workers * args.threads
    )
    passed = print_page_result(
        "report edition",
        f"{connection.vendor}: edition of {METRICS} metrics in {SECTIONS} sections, "
        f"{EXCEPTIONS} exceptions, {MONTHS} months; page {measured.size / 1024:,.0f} KiB; first "
        f"(cold) request {measured.first:,.0f} ms; gunicorn {args.workers} workers x "
        f"{args.threads} threads; {args.users} users in flight"
        + (f"; snapshot built in {snapshot_s:.2f} s" if snapshot_s is not None else ""),
        measured,
        TARGET_MS,
    )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
