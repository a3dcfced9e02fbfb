"""What an analyst must act on in quality data, for My work (see ``qls.core.work``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from qls.core.work import WorkItem, WorkSection, first_rows, register
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


def failed_imports(user: Any) -> WorkSection | None:
    """Imports that failed in the last two weeks, newest first."""
    if not user.has_perm(RUN_IMPORTS):
        return None
    since = timezone.now() - dt.timedelta(days=FAILED_FOR_DAYS)
    total, rows = first_rows(
        Import.objects.filter(status=ImportStatus.FAILED, created_at__gte=since)
        .select_related("metric")
        .order_by("-created_at", "-pk")
    )
    return WorkSection(
        key="imports",
        title="Imports that failed",
        count=total,
        items=[
            WorkItem(
                text=f"{row.file_name}" + (f" for {row.metric.name}" if row.metric else ""),
                url=reverse("measurement:import", args=[row.pk]),
                detail=f"{timezone.localtime(row.created_at):%-d %b %Y, %H:%M}: "
                f"{(row.message or row.error)[:140]}",
                overdue=True,
            )
            for row in rows
        ],
        more_url=reverse("measurement:imports"),
        more_text="All imports",
        order=50,
    )


def late_cutoff(now: dt.datetime) -> Q:
    """Data sets whose last refresh is older than their cadence allows."""
    late = Q(pk__in=[])
    for cadence, allowed in LATE_AFTER.items():
        late |= Q(refresh_cadence=cadence) & (
            Q(last_refreshed__lt=now - allowed) | Q(last_refreshed__isnull=True)
        )
    return late


def late_data(user: Any) -> WorkSection | None:
    """Data sets late against their refresh cadence, with how many metrics they feed."""
    if not (user.has_perm(RUN_IMPORTS) or user.has_perm(MANAGE_DATASETS)):
        return None
    now = timezone.now()
    total, rows = first_rows(
        Dataset.objects.filter(late_cutoff(now))
        .annotate(metric_count=Count("metrics"))
        .filter(metric_count__gt=0)
        .order_by("last_refreshed", "name")
    )
    return WorkSection(
        key="late-data",
        title="Data late against its refresh cadence",
        count=total,
        items=[
            WorkItem(
                text=dataset.name,
                url=reverse("measurement:dataset", args=[dataset.slug]),
                detail=f"{dataset.get_refresh_cadence_display()}; last refreshed "
                + (
                    f"{timezone.localtime(dataset.last_refreshed):%-d %b %Y}"
                    if dataset.last_refreshed
                    else "never"
                )
                + f"; feeds {dataset.metric_count} "
                f"metric{'s' if dataset.metric_count != 1 else ''}",
                overdue=True,
            )
            for dataset in rows
        ],
        more_url=reverse("measurement:datasets"),
        more_text="The data catalogue",
        order=55,
    )


def register_sections() -> None:
    register("measurement.imports", failed_imports)
    register("measurement.late", late_data)
