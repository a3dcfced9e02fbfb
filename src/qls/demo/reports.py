"""Demo data for board reports (the "reports" demo step).

Two reports over the demo trust's trust-level metrics: the board's quality
section (by quality domain) and the Quality and Safety Committee pack (by
CQC key question). Each has twelve monthly editions, the last eleven
published (approved by the chief nurse) and the latest still a draft with
two exceptions waiting for their owners' narratives. Every snapshot goes
through the same code as a real edition (``snapshot.take_snapshot``), so
what the demo shows is what QLS would have frozen at each cut-off, the
improvement and capability section included (counted once a month and shared
by the two reports, which have the same cut-offs). No emails are sent.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection
from django.utils import timezone

from qls.core.periods import month_end
from qls.demo.context import DemoContext, DemoStep
from qls.measurement.models import Level, Metric, Series
from qls.organisation.models import QualityDomain, StaffMember
from qls.reports import actions, files
from qls.reports.capability.evidence import Memo
from qls.reports.capability.section import section_at
from qls.reports.models import (
    Edition,
    EditionItem,
    EditionStatus,
    ItemKind,
    Narrative,
    Report,
    Section,
    SectionMetric,
)
from qls.reports.models.report import Audience
from qls.reports.models.section import SectionKind
from qls.reports.snapshot import take_snapshot

EDITIONS = 12
MISSING_IN_DRAFT = 2

# (section, metric codes); the owner is the demo log-in named.
BOARD = [
    ("safe", ["falls", "pressure-ulcers", "cdiff", "sepsis-screening", "news2"], "lead"),
    ("effective", ["length-of-stay", "discharge-before-noon", "readmissions-30d"], "improvement"),
    ("positive-experience", ["fft-positive", "complaints"], "lead"),
]
COMMITTEE = [
    ("safe", ["falls", "falls-harm", "pressure-ulcers", "cdiff", "mrsa", "ecoli",
              "sepsis-screening", "sepsis-antibiotics", "news2", "hand-hygiene",
              "omitted-medicines", "vte-assessment"], "lead"),
    ("effective", ["length-of-stay", "readmissions-30d", "mortality", "stranded-patients",
                   "delirium-screening"], "improvement"),
    ("caring", ["fft-positive", "pain-managed", "mixed-sex-breaches", "compliments"], "lead"),
    ("responsive", ["discharge-before-noon", "no-criteria-to-reside", "edd-24h",
                    "complaints"], "improvement"),
    ("well_led", ["staff-engagement", "appraisal", "mandatory-training", "sickness",
                  "rn-fill-rate"], "analyst"),
]  # fmt: skip

WHY = [
    (
        "Two wards ran with vacancies above 15% for most of the month and relied on bank staff "
        "new to the ward."
    ),
    (
        "Winter pressures: escalation beds were open on every site and patients moved wards more "
        "often at night."
    ),
    "A change in the recording system during the month meant some entries were made late.",
    (
        "The rise is concentrated on the medical wards, where acuity rose with respiratory "
        "admissions."
    ),
]
ACTIONS = [
    (
        "Daily safety huddle on the affected wards, led by the matron, from {d1}; "
        "review of the first four weeks at the divisional quality meeting on {d2}."
    ),
    (
        "QI project registered with a coach; first PDSA cycle testing a revised checklist by "
        "{d1}; audit of compliance reported to the committee on {d2}."
    ),
    (
        "Targeted training for bank and agency staff by {d1}; thematic review of every incident "
        "this month completed by {d2}."
    ),
]
EXPECTED = [
    "We expect the chart to return within its limits by {m}.",
    "Improvement should show as a run of points below the mean by {m}.",
]


def _months_back(today: dt.date, n: int) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for i in range(n, 0, -1):
        y, m = divmod(first.year * 12 + first.month - 1 - i, 12)
        months.append(dt.date(y, m + 1, 1))
    return months


def _people(ctx: DemoContext) -> dict[str, StaffMember]:
    return {
        name: StaffMember.objects.get(user=user)
        for name, user in ctx.users.items()
        if StaffMember.objects.filter(user=user).exists()
    }


def _define(
    name: str, slug: str, audience: str, kind: str, spec, people, lead: StaffMember
) -> Report:
    report = Report.objects.create(
        name=name, slug=slug, audience=audience, executive_lead=lead,
        description="Every metric at trust level with its SPC icons; a narrative from the "
        "owner of each exception.",
    )  # fmt: skip
    domains = {d.slug: d for d in QualityDomain.objects.all()}
    trust_metrics = set(
        Series.objects.filter(level=Level.TRUST, stratum_dimension="").values_list(
            "metric__code", flat=True
        )
    )
    for subject, codes, owner in spec:
        metrics = list(Metric.objects.filter(code__in=[c for c in codes if c in trust_metrics]))
        metrics.sort(key=lambda m: codes.index(m.code))
        if not metrics:
            continue
        extra = (
            {"domain": domains[subject]}
            if kind == SectionKind.DOMAIN and subject in domains
            else {"cqc_question": subject}
        )
        if kind == SectionKind.DOMAIN and subject not in domains:
            continue
        actions.add_section(report=report, kind=kind, metrics=metrics, owner=people[owner], **extra)
    return report


def _narrative(rng: random.Random, item: EditionItem, period: dt.date) -> Narrative:
    later = month_end(period) + dt.timedelta(days=45)
    shows = (
        f"{item.metric_name} is consistently failing its target: the target lies outside the "
        "process limits, so the process as it runs cannot meet it."
        if item.assurance_icon == "consistent_fail"
        else f"{item.metric_name} shows special cause concern at the latest point "
        f"({item.latest_value:g}), outside the usual variation."
    )
    return Narrative(
        item=item,
        chart_shows=shows,
        why=rng.choice(WHY),
        actions=rng.choice(ACTIONS).format(
            d1=f"{month_end(period) + dt.timedelta(days=14):%-d %B %Y}", d2=f"{later:%-d %B %Y}"
        ),
        expected=rng.choice(EXPECTED).format(m=f"{later + dt.timedelta(days=60):%B %Y}"),
    )


def _editions(
    rng: random.Random,
    report: Report,
    approver,
    owner: StaffMember,
    months: list[dt.date],
    sections: dict[dt.date, dict[str, Any]],
) -> None:
    for i, period in enumerate(months):
        edition = Edition.objects.create(
            report=report, period=period, cutoff=month_end(period), created_by=approver
        )
        items = take_snapshot(edition, capability=sections[period])
        exceptions = [it for it in items if it.kind == ItemKind.EXCEPTION]
        # The draft's two missing narratives belong to the "lead" log-in, who can write them.
        exceptions.sort(key=lambda it: it.owner_id == owner.pk)
        latest = i == len(months) - 1
        written = exceptions[:-MISSING_IN_DRAFT] if latest else exceptions
        Narrative.objects.bulk_create([_narrative(rng, it, period) for it in written])
        if latest:  # opened a few days ago: its narratives are due in a week
            Edition.objects.filter(pk=edition.pk).update(
                narratives_due=dt.date.today() + dt.timedelta(days=7)
            )
            continue
        when = timezone.make_aware(dt.datetime.combine(month_end(period), dt.time(10)))
        when += dt.timedelta(days=12)
        Edition.objects.filter(pk=edition.pk).update(
            status=EditionStatus.PUBLISHED,
            approved_by=approver,
            approved_by_name=approver.get_full_name(),
            approved_at=when,
            published_at=when + dt.timedelta(days=2),
        )


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("reports")
    people = _people(ctx)
    if "executive" not in people:
        return
    lead = people["executive"]
    months = _months_back(dt.date.today(), EDITIONS)
    board = _define(
        "Trust board — integrated quality report (quality section)",
        "board-quality",
        Audience.BOARD,
        SectionKind.DOMAIN,
        BOARD,
        people,
        lead,
    )
    committee = _define(
        "Quality and Safety Committee — integrated quality report",
        "qsc-iqr",
        Audience.COMMITTEE,
        SectionKind.CQC,
        COMMITTEE,
        people,
        lead,
    )
    # Each draft opens by itself: the committee's on the 5th, the board's on the 8th.
    for report, day in ((board, 8), (committee, 5)):
        report.opens_on_day = day
        report.save(update_fields=["opens_on_day"])
    memo = Memo()
    sections = {period: section_at(period, month_end(period), memo) for period in months}
    for report in (board, committee):
        _editions(rng, report, lead.user, people["lead"], months, sections)
        # The latest published edition's spreadsheet is kept, ready to download; the
        # PDF and deck are left for a reader to build, to show the job at work.
        latest = report.editions.filter(status=EditionStatus.PUBLISHED).first()
        if latest is not None:
            files.build_now(edition=latest, code="xlsx", by=lead.user)
    ctx.log(f"Board reports: 2 reports, {Edition.objects.count()} editions")


def reset(ctx: DemoContext) -> None:
    files.delete_all()  # their stored bytes too, which no table delete reaches
    models = [Narrative, EditionItem, Edition, SectionMetric, Section, Report]
    tables = []
    for model in models:
        tables.append(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None:
            tables.append(history.model._meta.db_table)
    with connection.cursor() as cursor:
        # Narratives, items, editions: children before parents.
        for table in [t for t in tables if t.startswith("reports_historical")] + [
            t for t in tables if not t.startswith("reports_historical")
        ]:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


STEP = DemoStep("reports", build, reset)
