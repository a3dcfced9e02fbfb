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

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from qls.measurement.models import Import, Level, Metric, MetricShare, Series
from qls.organisation.models import Organisation
from qls.organisation.tenancy import host_organisation, organisation_of


class SharingError(ValueError):
    """A share that cannot be made or withdrawn, with the reason for the user."""


def owned_by(organisation: Organisation | None, prefix: str = "") -> Q:
    """Series that belong to ``organisation`` (``prefix``: the path to the series)."""
    if organisation is None:
        return Q(pk__in=[])
    mine = Q(**{f"{prefix}site__organisation_id": organisation.pk})
    if organisation.is_host:
        return Q(**{f"{prefix}level": Level.TRUST}) | mine
    return mine


def _shared(host: Organisation | None, prefix: str) -> Q:
    """Series whose organisation actively shares their metric."""
    active = MetricShare.objects.filter(withdrawn_at__isnull=True)
    shared = Q(
        Exists(
            active.filter(
                metric=OuterRef(f"{prefix}metric"),
                organisation=OuterRef(f"{prefix}site__organisation"),
            )
        )
    )
    if host is not None:
        shared |= Q(**{f"{prefix}level": Level.TRUST}) & Q(
            Exists(active.filter(metric=OuterRef(f"{prefix}metric"), organisation=host))
        )
    return shared


@dataclass(frozen=True)
class Viewer:
    """What one person may see: the filter, and a key naming it for caches."""

    organisation: Organisation | None
    host: Organisation | None

    @property
    def sees_all(self) -> bool:
        # Before any host organisation is set up there is one tenant, and it sees all.
        return self.organisation is None and self.host is None

    def filter(self, prefix: str = "") -> Q:
        """Series this person may see; ``prefix`` is the path from the queried model
        to the series (``"series__"`` for observations)."""
        if self.sees_all:
            return Q()
        return owned_by(self.organisation, prefix) | _shared(self.host, prefix)

    @property
    def cache_key(self) -> str:
        """Differs between organisations and changes whenever a share does."""
        org = self.organisation.pk if self.organisation is not None else "all"
        return f"{org}.{sharing_version()}"


def viewer(user: Any) -> Viewer:
    """Work this out once a request and reuse it: it reads the person's
    organisation and the host trust (a query or two); its filter then adds only
    ``Exists`` subqueries to the query it limits, never a query a row."""
    own = organisation_of(user)
    host = own if own is not None and own.is_host else host_organisation()
    return Viewer(own, host)


def visibility(user: Any, prefix: str = "") -> Q:
    """The filter behind ``visible_series``, to combine with others in one query."""
    return viewer(user).filter(prefix)


_VERSION_KEY = "qls:sharing:version"


def sharing_version() -> int:
    """A number that changes whenever a share is made, changed or withdrawn, so
    pages cached per organisation are not served after what it may see changed.

    Kept in the default (per-process) cache: free to read, but other processes
    see a change only through what their keys also hold (the dashboard's key
    names the set of series seen), or when their cached pages expire.
    """
    return int(cache.get_or_set(_VERSION_KEY, 1, None) or 1)


def shares_changed(*args: Any, **kwargs: Any) -> None:
    """Signal receiver (see receivers.py): a new version for every cached view."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)


def visible_series(user: Any, series: QuerySet[Series] | None = None) -> QuerySet[Series]:
    """``series`` (default: all) limited to what ``user`` may see."""
    series = Series.objects.all() if series is None else series
    return series.filter(visibility(user))


def visible_imports(user: Any, imports: QuerySet[Import] | None = None) -> QuerySet[Import]:
    """``imports`` (default: all) made for the person's own organisation.

    An import holds its organisation's rows (and rejected rows quote them), so
    it is seen only within the organisation of the person who made it; one
    nobody made (a scheduled source) or made by someone without a staff
    record is the host trust's.
    """
    imports = Import.objects.all() if imports is None else imports
    own = organisation_of(user)
    if own is None:
        return imports
    mine = Q(created_by__staff_member__organisation=own)
    if own.is_host:
        mine |= Q(created_by__isnull=True) | Q(created_by__staff_member__isnull=True)
    return imports.filter(mine)


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
