"""Defining a report: the report itself, and its sections with their metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from qls.measurement.models import Level, Metric
from qls.organisation.models import QualityDomain, Site, StaffMember, StrategicAim, Ward
from qls.reports.errors import EmptySectionError
from qls.reports.models import Report, Section, SectionMetric
from qls.reports.models.section import SectionKind


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
    site, ward = org_unit(level, site, ward)
    rows = []
    for i, metric in enumerate(metrics):
        row = SectionMetric(
            section=section,
            order=start + i,
            metric=metric,
            level=level,
            site=site,
            ward=ward,
            owner=owner,
        )
        row.save()
        rows.append(row)
    return rows


def org_unit(level: str, site: Site | None, ward: Ward | None) -> tuple[Site | None, Ward | None]:
    """The site and ward a metric row keeps at ``level``: a ward brings its own site."""
    if level == Level.WARD:
        return (ward.site if ward else None), ward
    if level == Level.SITE:
        return site, None
    return None, None


@dataclass
class RowChange:
    """What the section's edit page says about one of its metric rows."""

    row: SectionMetric
    level: str
    owner: StaffMember
    site: Site | None = None
    ward: Ward | None = None
    remove: bool = False


@transaction.atomic
def update_section(
    *,
    section: Section,
    kind: str,
    rows: Sequence[RowChange] = (),
    domain: QualityDomain | None = None,
    cqc_question: str = "",
    aim: StrategicAim | None = None,
    add: Sequence[Metric] = (),
    owner: StaffMember | None = None,
    level: str = Level.TRUST,
    site: Site | None = None,
    ward: Ward | None = None,
) -> Section:
    """Change a section's subject and metric rows, remove rows and add metrics, in one go.

    A section left with no metrics is refused, named, and nothing is saved.
    Editions already opened are not touched: their data and names were copied.
    """
    section.kind = kind
    section.domain = domain if kind == SectionKind.DOMAIN else None
    section.cqc_question = cqc_question if kind == SectionKind.CQC else ""
    section.aim = aim if kind == SectionKind.AIM else None
    kept = [change for change in rows if not change.remove]
    if not kept and not add:
        raise EmptySectionError(
            f'The section "{section.title}" would have no metrics. Keep or add at least one '
            "metric, or delete the section."
        )
    if add and owner is None:
        raise ValueError("New metrics need an owner")
    section.full_clean()
    section.save()
    for change in rows:
        row = change.row
        if change.remove:
            row.delete()
            continue
        row_site, row_ward = org_unit(change.level, change.site, change.ward)
        new = {"level": change.level, "site": row_site, "ward": row_ward, "owner": change.owner}
        if any(getattr(row, name) != value for name, value in new.items()):
            for name, value in new.items():
                setattr(row, name, value)
            row.full_clean()
            row.save()
    if add:
        assert owner is not None
        add_metrics(section=section, metrics=add, owner=owner, level=level, site=site, ward=ward)
    return section


@transaction.atomic
def move_section(*, section: Section, up: bool) -> bool:
    """Swap a section with the one before (``up``) or after it; False at either end."""
    sections = list(
        Section.objects.select_for_update()
        .filter(report_id=section.report_id)
        .order_by("order", "pk")
    )
    at = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    to = at - 1 if up else at + 1
    if not 0 <= to < len(sections):
        return False
    sections[at], sections[to] = sections[to], sections[at]
    for order, each in enumerate(sections):
        if each.order != order:
            each.order = order
            each.save(update_fields=["order"])
    return True


@transaction.atomic
def delete_section(*, section: Section) -> str:
    """Delete a section and its metric rows; editions keep what they copied."""
    title = section.title
    section.delete()
    return title
