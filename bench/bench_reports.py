"""Benchmark of a committee-sized integrated quality report against its targets.

Run: .venv/bin/python bench/bench_reports.py [--repeat 3]
     [--database-url URL] [--pg-database NAME] [--keep PATH] [--reuse]

Builds, in a throw-away SQLite database, a report of 60 trust-level monthly
metrics in 5 sections, each with three years of data; 15 of them end in a
special cause concern (so the edition has 15 exceptions, each with a
narrative), the rest are steady. Then times, beside the targets:

* building the edition's snapshot (the SPC of all 60 metrics at the
  cut-off, classified and stored): under 2 s;
* its PDF (A4 landscape, vector charts, contents page): under 15 s;
* its PowerPoint deck (a chart image per exception): under 10 s.

Each step runs ``--repeat`` times and the slowest counts (the first PDF
includes loading WeasyPrint and the chart renderer, as a worker's first job
would). Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, open_database

TARGETS = {"snapshot": 2.0, "pdf": 15.0, "deck": 10.0}  # seconds
SECTIONS = 5
METRICS_PER_SECTION = 12
EXCEPTIONS = 15
MONTHS = 36
PERIOD = dt.date(2025, 12, 1)  # the edition's month: the last of the three years


def _month(i: int) -> dt.date:
    first = PERIOD.year * 12 + PERIOD.month - 1 - (MONTHS - 1) + i
    return dt.date(first // 12, first % 12 + 1, 1)


def build_report():  # type: ignore[no-untyped-def]
    """The report, its owner and 60 metrics with three years of monthly data."""
    from qls.measurement.models import (
        ChartType,
        Frequency,
        ImprovementDirection,
        Level,
        Metric,
        Observation,
        Series,
    )
    from qls.measurement.spc_cache import recompute_series
    from qls.organisation.models import Organisation, QualityDomain, StaffGroup, StaffMember
    from qls.organisation.services import load_reference_data
    from qls.reports import actions
    from qls.reports.models import Report
    from qls.reports.models.section import SectionKind

    load_reference_data()
    trust, _ = Organisation.objects.get_or_create(
        code="BENCH",
        defaults={"name": "Bench Hospitals NHS Trust", "kind": Organisation.Kind.TRUST},
    )
    owner = StaffMember.objects.create(
        staff_number="90000001",
        first_name="Aoife",
        last_name="O'Neill",
        email="aoife.oneill@example.nhs.uk",
        organisation=trust,
        staff_group=StaffGroup.NURSING_MIDWIFERY,
        job_role="Director of Nursing",
        band="Band 8d",
    )
    rng = random.Random(17)
    domains = list(QualityDomain.objects.order_by("pk")[:SECTIONS])
    series_ids = []
    by_section: list[list[Metric]] = [[] for _ in range(SECTIONS)]
    observations = []
    for n in range(SECTIONS * METRICS_PER_SECTION):
        concern = n % (SECTIONS * METRICS_PER_SECTION // EXCEPTIONS) == 0  # every 4th
        metric = Metric.objects.create(
            code=f"bench-metric-{n}",
            name=f"Committee measure {n + 1}",
            definition="A monthly count reported to the committee.",
            unit="count",
            chart_type=ChartType.XMR,
            frequency=Frequency.MONTH,
            improvement_direction=ImprovementDirection.DECREASE,
        )
        series = Series.objects.create(metric=metric, level=Level.TRUST)
        series_ids.append(series.pk)
        by_section[n % SECTIONS].append(metric)
        for i in range(MONTHS):
            value = 50 + rng.gauss(0, 4)
            if concern and i == MONTHS - 1:
                value = 90.0  # far above the upper limit: special cause concern
            observations.append(Observation(series=series, period=_month(i), value=value))
    Observation.objects.bulk_create(observations)
    recompute_series(series_ids)
    report = Report.objects.create(
        name="Quality and Safety Committee \u2014 integrated quality report",
        slug="bench-qsc",
        audience="committee",
        executive_lead=owner,
    )
    for domain, metrics in zip(domains, by_section, strict=True):
        actions.add_section(
            report=report, kind=SectionKind.DOMAIN, domain=domain, metrics=metrics, owner=owner
        )
    return report


NARRATIVE = {
    "chart_shows": "The latest month is far above the upper process limit.",
    "why": "Two wards opened extra beds in December while agency use rose.",
    "actions": "Daily huddle review of every incident, from 6 January; bay audits weekly.",
    "expected": "Back within the limits by March, judged on the February data.",
}


def _timed(step, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    add_database_options(parser, "qls_bench_reports")
    args = parser.parse_args()
    _url, tmp = open_database(args, prefix="qls-bench-reports-")
    from django.core.management import call_command
    from django.db import connection, transaction

    from qls.reports import outputs
    from qls.reports.models import Edition, ItemKind, Narrative, Report
    from qls.reports.snapshot import take_snapshot

    started = time.perf_counter()
    if args.reuse:
        report = Report.objects.get(slug="bench-qsc")
        Edition.objects.filter(report=report).delete()
    else:
        call_command("migrate", verbosity=0)
        report = build_report()
    print(f"built the report's data in {time.perf_counter() - started:.0f} s", flush=True)
    edition = Edition.objects.create(report=report, period=PERIOD, cutoff=dt.date(2025, 12, 31))

    def snapshot() -> None:
        with transaction.atomic():
            take_snapshot(edition)

    measured = {"snapshot": _timed(snapshot, args.repeat)}
    items = edition.items.all()
    exceptions = [i for i in items if i.kind == ItemKind.EXCEPTION]
    Narrative.objects.bulk_create(Narrative(item=i, **NARRATIVE) for i in exceptions)
    print(
        f"{connection.vendor}: {items.count()} metrics, "
        f"{len({i.section_title for i in items})} sections, {len(exceptions)} exceptions, "
        f"{MONTHS} months of data",
        flush=True,
    )
    sizes = {}
    for name, code in (("pdf", "pdf"), ("deck", "pptx")):

        def build(code: str = code, name: str = name) -> None:
            sizes[name] = len(outputs.render(edition, code))

        measured[name] = _timed(build, args.repeat)
    print()
    print(f"{'step':<10}{'measured s':>12}{'target s':>10}  result   {'size':>7}  every run, s")
    ok = True
    for name, runs in measured.items():
        seconds = max(runs)
        passed = seconds < TARGETS[name]
        ok &= passed
        size = f"{sizes[name] / 1024:.0f} KB" if name in sizes else ""
        print(
            f"{name:<10}{seconds:>12.2f}{'< ' + str(TARGETS[name]):>10}  "
            f"{'pass' if passed else 'FAIL':<8} {size:>7}  {', '.join(f'{r:.2f}' for r in runs)}"
        )
    ok &= len(exceptions) == EXCEPTIONS
    if len(exceptions) != EXCEPTIONS:
        print(f"expected {EXCEPTIONS} exceptions, found {len(exceptions)}")
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
