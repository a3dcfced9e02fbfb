"""Defining a report: the report itself, and its sections with their metrics."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from qls.measurement.models import Level, Metric
from qls.organisation.models import QualityDomain, Site, StaffMember, StrategicAim, Ward
from qls.reports.errors import EmptySectionError
from qls.reports.models import Report, Section, SectionKind, SectionMetric


@transaction.atomic
def add_section(
    *,
    report: Report,
    kind: str,
    metrics: Sequence[Metric],
    owner: StaffMember,
    level: str = Level.TRUST,
    domain: QualityDomain | None = None,
    cqc_question: str = "",
    aim: StrategicAim | None = None,
    site: Site | None = None,
    ward: Ward | None = None,
) -> Section:
    """Add a section at the end of the report with its metrics, all at one org unit.

    A section with no metrics is refused, named, and nothing is saved.
    """
    section = Section(
        report=report,
        kind=kind,
        domain=domain if kind == SectionKind.DOMAIN else None,
        cqc_question=cqc_question if kind == SectionKind.CQC else "",
        aim=aim if kind == SectionKind.AIM else None,
    )
    if not metrics:
        raise EmptySectionError(
            f'The section "{section.title}" has no metrics. Choose at least one metric for it.'
        )
    last = report.sections.aggregate(n=Max("order"))["n"]
    section.order = 0 if last is None else last + 1
    section.full_clean()
    section.save()
    add_metrics(section=section, metrics=metrics, owner=owner, level=level, site=site, ward=ward)
    return section


def add_metrics(
    *,
    section: Section,
    metrics: Sequence[Metric],
    owner: StaffMember,
    level: str,
    site: Site | None = None,
    ward: Ward | None = None,
) -> list[SectionMetric]:
    start = section.metrics.aggregate(n=Max("order"))["n"]
    start = 0 if start is None else start + 1
    rows = []
    for i, metric in enumerate(metrics):
        row = SectionMetric(
            section=section,
            order=start + i,
            metric=metric,
            level=level,
            site=site
            if level == Level.SITE
            else (ward.site if ward and level == Level.WARD else None),
            ward=ward if level == Level.WARD else None,
            owner=owner,
        )
        row.save()
        rows.append(row)
    return rows
