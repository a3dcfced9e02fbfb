"""What an analyst must act on in quality data, for My work (see ``qls.core.work``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, TextField, Value, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.urls import reverse
from django.utils import timezone

from qls.core.work import WorkItem, WorkSection, first_rows_by_kind, register
from qls.measurement.models import Dataset, Import, ImportStatus, RefreshCadence
from qls.measurement.permissions import MANAGE_DATASETS, RUN_IMPORTS

# A failed import stays on My work this long (it is on the imports page for ever).
FAILED_FOR_DAYS = 14
# How long each refresh cadence may go without new data before it is late.
LATE_AFTER = {
    RefreshCadence.DAILY: dt.timedelta(days=2),
    RefreshCadence.WEEKLY: dt.timedelta(days=9),
    RefreshCadence.MONTHLY: dt.timedelta(days=35),
    RefreshCadence.QUARTERLY: dt.timedelta(days=100),
}


def late_cutoff(now: dt.datetime) -> Q:
    """Data sets whose last refresh is older than their cadence allows."""
    late = Q(pk__in=[])
    for cadence, allowed in LATE_AFTER.items():
        late |= Q(refresh_cadence=cadence) & (
            Q(last_refreshed__lt=now - allowed) | Q(last_refreshed__isnull=True)
        )
    return late


COLUMNS = (
    "item_ref",
    "item_label",
    "item_slug",
    "item_note",
    "item_metric",
    "item_at",
    "item_count",
)


def _failed_imports(since: dt.datetime):
    return Import.objects.filter(status=ImportStatus.FAILED, created_at__gte=since).annotate(
        work_rank=Window(RowNumber(), order_by=[F("created_at").desc(), F("pk").desc()]),
        item_ref=F("pk"),
        item_label=F("file_name"),
        item_slug=Value(""),
        item_note=Coalesce(NullIf("message", Value("")), "error", output_field=TextField()),
        item_metric=F("metric__name"),
        item_at=F("created_at"),
        item_count=Value(0),
    )


def _late_datasets(now: dt.datetime):
    return (
        Dataset.objects.filter(late_cutoff(now))
        .annotate(metric_count=Count("metrics"))
        .filter(metric_count__gt=0)
        .annotate(
            work_rank=Window(
                RowNumber(), order_by=[F("last_refreshed").asc(nulls_first=True), F("name")]
            ),
            item_ref=F("pk"),
            item_label=F("name"),
            item_slug=F("slug"),
            item_note=F("refresh_cadence"),
            item_metric=Value(""),
            item_at=F("last_refreshed"),
            item_count=F("metric_count"),
        )
    )


def data_to_look_at(user: Any) -> list[WorkSection] | None:
    """Imports that failed in the last two weeks (newest first) and data sets late
    against their refresh cadence (longest late first), read in one query."""
    can_import = user.has_perm(RUN_IMPORTS)
    if not (can_import or user.has_perm(MANAGE_DATASETS)):
        return None
    now = timezone.now()
    branches = {"late": _late_datasets(now)}
    if can_import:
        branches["imports"] = _failed_imports(now - dt.timedelta(days=FAILED_FOR_DAYS))
    found = first_rows_by_kind(branches, COLUMNS, datetimes=("item_at",))
    sections = [_late_section(*found["late"])]
    if can_import:
        sections.append(_imports_section(*found["imports"]))
    return sections


def _imports_section(total: int, rows: list[dict[str, Any]]) -> WorkSection:
    return WorkSection(
        key="imports",
        title="Imports that failed",
        count=total,
        items=[
            WorkItem(
                text=row["item_label"]
                + (f" for {row['item_metric']}" if row["item_metric"] else ""),
                url=reverse("measurement:import", args=[row["item_ref"]]),
                detail=f"{timezone.localtime(row['item_at']):%-d %b %Y, %H:%M}: "
                f"{(row['item_note'] or '')[:140]}",
                overdue=True,
            )
            for row in rows
        ],
        more_url=reverse("measurement:imports"),
        more_text="All imports",
        order=50,
    )


def _late_section(total: int, rows: list[dict[str, Any]]) -> WorkSection:
    cadences = dict(RefreshCadence.choices)
    return WorkSection(
        key="late-data",
        title="Data late against its refresh cadence",
        count=total,
        items=[
            WorkItem(
                text=row["item_label"],
                url=reverse("measurement:dataset", args=[row["item_slug"]]),
                detail=f"{cadences.get(row['item_note'], row['item_note'])}; last refreshed "
                + (f"{timezone.localtime(row['item_at']):%-d %b %Y}" if row["item_at"] else "never")
                + f"; feeds {row['item_count']} "
                f"metric{'s' if row['item_count'] != 1 else ''}",
                overdue=True,
            )
            for row in rows
        ],
        more_url=reverse("measurement:datasets"),
        more_text="The data catalogue",
        order=55,
    )


def register_sections() -> None:
    register("measurement.data", data_to_look_at)
