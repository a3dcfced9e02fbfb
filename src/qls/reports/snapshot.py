"""Freezing an edition's data: every section metric's SPC result at the cut-off.

The results come from the measurement app's SPC batch
(``spc_cache.results_as_of``), the same engine path and the same stored shape
as every chart in QLS, computed on the observations up to the cut-off and
copied into ``EditionItem`` rows. After that the edition reads only its
items: a later import, rebase or target change moves the live charts, never
an edition.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from qls.measurement.models import Level, Series
from qls.measurement.spc_cache import results_as_of
from qls.reports.capability.section import section_at
from qls.reports.errors import EmptySectionError
from qls.reports.exceptions import classify
from qls.reports.models import Edition, EditionItem, EditionStatus, Report, SectionMetric

Key = tuple[int, str, str]  # metric, level, org unit name: the same row in two editions


def check_sections(report: Report) -> None:
    """Refuse a report with a section that lists no metrics, naming the section."""
    for section in report.sections.all():
        if not section.metrics.exists():
            raise EmptySectionError(
                f'The section "{section.title}" has no metrics. Add at least one metric to '
                "it, or remove the section."
            )


def section_metrics(report: Report) -> list[SectionMetric]:
    return list(
        SectionMetric.objects.filter(section__report=report)
        .select_related("section__domain", "section__aim", "metric", "site", "ward")
        .order_by("section__order", "section__pk", "order", "pk")
    )


def _series_ids(rows: Iterable[SectionMetric]) -> dict[SectionMetric, int]:
    """The whole-population series of each row, where one exists (one query)."""
    rows = list(rows)
    wanted = Q(pk__in=[])
    for row in rows:
        wanted |= Q(**row.series_filter())
    found: dict[tuple[Any, ...], int] = {}
    for pk, metric, level, site, ward in Series.objects.filter(wanted).values_list(
        "pk", "metric_id", "level", "site_id", "ward_id"
    ):
        found[(metric, level, site if level == Level.SITE else None, ward)] = pk
    out = {}
    for row in rows:
        row_site = row.site_id if row.level == Level.SITE else None
        row_ward = row.ward_id if row.level == Level.WARD else None
        series_pk = found.get((row.metric_id, row.level, row_site, row_ward))
        if series_pk is not None:
            out[row] = series_pk
    return out


def previous_edition(edition: Edition) -> Edition | None:
    """The latest published edition of the same report before this one's period."""
    return (
        Edition.objects.filter(
            report_id=edition.report_id,
            period__lt=edition.period,
            status=EditionStatus.PUBLISHED,
        )
        .order_by("-period", "-version")
        .first()
    )


def item_key(item: EditionItem) -> Key:
    return (item.metric_id, item.level, item.org_unit_name)


def build_items(edition: Edition) -> list[EditionItem]:
    """The edition's items, unsaved: one per section metric, in report order."""
    rows = section_metrics(edition.report)
    series_of = _series_ids(rows)
    results = {s.pk: s for s in results_as_of(set(series_of.values()), edition.cutoff)}
    before = previous_edition(edition)
    previous = {}
    if before is not None:
        previous = {item_key(i): i.assurance_icon for i in before.items.all()}
    sections: dict[int, int] = {}
    items = []
    for order, row in enumerate(rows):
        section_order = sections.setdefault(row.section_id, len(sections))
        item = EditionItem(
            edition=edition,
            section_order=section_order,
            section_title=row.section.title,
            order=order,
            metric=row.metric,
            metric_name=row.metric.name,
            unit=row.metric.unit,
            level=row.level,
            org_unit_name=row.org_unit_name,
            owner_id=row.owner_id,
            series_id=series_of.get(row),
        )
        result = results.get(series_of.get(row, -1))
        if result is not None and result.spc_points:
            summary = result.spc_summary or {}
            item.spc_points = result.spc_points
            item.spc_summary = summary
            item.variation_icon = result.variation_icon
            item.assurance_icon = result.assurance_icon
            item.latest_period = result.latest_period
            item.latest_value = result.latest_value
            item.target = summary.get("target")
            item.kind = classify(
                item.variation_icon,
                item.assurance_icon,
                summary,
                previous.get(item_key(item), ""),
            )
        items.append(item)
    return items


def take_snapshot(edition: Edition, capability: dict[str, Any] | None = None) -> list[EditionItem]:
    """Store a fresh snapshot on an open edition, keeping narratives already written.

    The improvement and capability section is counted at the cut-off and
    stored with it; ``capability`` passes one already counted for the same
    month (the demo's two reports share their months).

    A narrative follows its metric (same metric, level and org unit) into the
    new snapshot; a narrative whose metric is no longer an exception or good
    news is dropped with the old item (the history keeps it).
    """
    check_sections(edition.report)
    items = build_items(edition)
    old = {item_key(i): i for i in edition.items.select_related("narrative")}
    EditionItem.objects.bulk_create(items)
    for item in items:
        before = old.get(item_key(item))
        narrative = getattr(before, "narrative", None) if before else None
        if narrative is not None and item.kind:
            narrative.item = item
            narrative.save(update_fields=["item"])
    EditionItem.objects.filter(pk__in=[i.pk for i in old.values()]).delete()
    edition.capability = capability or section_at(edition.period, edition.cutoff)
    edition.snapshot_at = timezone.now()
    edition.save(update_fields=["snapshot_at", "capability"])
    return items
