"""Which series a person may see: their own organisation's, and what others share.

Every organisation of the integrated care system keeps its data to itself
until it shares a metric with the system (a ``MetricShare`` under a data
sharing agreement). From then on everyone signed in may see that
organisation's series of that metric; once the share is withdrawn, nobody
outside the organisation can.

The rule is a queryset filter (``visible_series``), so every page and API
endpoint that lists or opens series through it obeys it: a series outside it
is simply not found. A trust-level series belongs to the host trust; a site
or ward series to the site's organisation.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from qls.measurement.models import Level, Metric, MetricShare, Series
from qls.organisation.models import Organisation
from qls.organisation.tenancy import host_organisation, organisation_of


class SharingError(ValueError):
    """A share that cannot be made or withdrawn, with the reason for the user."""


def owned_by(organisation: Organisation | None) -> Q:
    """Series that belong to ``organisation``."""
    if organisation is None:
        return Q(pk__in=[])
    if organisation.is_host:
        return Q(level=Level.TRUST) | Q(site__organisation=organisation)
    return Q(site__organisation=organisation)


def visible_series(user: Any, series: QuerySet[Series] | None = None) -> QuerySet[Series]:
    """``series`` (default: all) limited to what ``user`` may see."""
    series = Series.objects.all() if series is None else series
    own = organisation_of(user)
    shared = Q(
        Exists(
            MetricShare.objects.filter(
                metric=OuterRef("metric"),
                withdrawn_at__isnull=True,
                organisation=OuterRef("site__organisation"),
            )
        )
    )
    host = host_organisation()
    if host is not None:
        shared |= Q(level=Level.TRUST) & Q(
            Exists(
                MetricShare.objects.filter(
                    metric=OuterRef("metric"), withdrawn_at__isnull=True, organisation=host
                )
            )
        )
    return series.filter(owned_by(own) | shared)


def series_organisation(series: Series) -> Organisation | None:
    if series.level == Level.TRUST:
        return host_organisation()
    return series.site.organisation if series.site_id else None


def may_import_for(user: Any, organisation: Organisation | None) -> bool:
    """A person imports data for their own organisation only."""
    own = organisation_of(user)
    return own is not None and organisation is not None and own.pk == organisation.pk


def active_shares() -> QuerySet[MetricShare]:
    return MetricShare.objects.filter(withdrawn_at__isnull=True)


def share_metric(
    *,
    metric: Metric,
    organisation: Organisation,
    agreement: Any,
    approved_by: Any,
    shared_from: Any = None,
) -> MetricShare:
    """Share ``organisation``'s data for ``metric`` with the system."""
    if active_shares().filter(metric=metric, organisation=organisation).exists():
        raise SharingError(f"{organisation} already shares {metric.name}.")
    return MetricShare.objects.create(
        metric=metric,
        organisation=organisation,
        agreement=agreement,
        approved_by=approved_by,
        shared_from=shared_from or timezone.localdate(),
    )


def withdraw_share(share: MetricShare, *, by: Any, reason: str) -> MetricShare:
    """Stop sharing: the data is hidden from now on, and who, when and why is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise SharingError("Give the reason for withdrawing the share.")
    with transaction.atomic():
        locked = MetricShare.objects.select_for_update().get(pk=share.pk)
        if locked.withdrawn_at is not None:
            raise SharingError("This share has already been withdrawn.")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.withdrawal_reason = reason
        locked.full_clean()
        locked.save()
    return locked
