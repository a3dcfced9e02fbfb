"""Which shares a person sees, and which they may share or withdraw.

Everyone with ``VIEW`` sees every share and the withdrawn log: what is
shared is known to the whole system. A Partner quality lead shares and
withdraws for their own organisation only; the System quality lead (who sees
every organisation) for any.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qls.measurement.models import DataSharingAgreement, MetricShare
from qls.organisation.models import Organisation
from qls.system.sharing import permissions as perms
from qls.system.tenancy import visible_organisations


def _listed(shares: QuerySet[MetricShare]) -> QuerySet[MetricShare]:
    return shares.select_related(
        "metric", "organisation", "agreement", "approved_by", "withdrawn_by"
    )


def active(user: Any) -> QuerySet[MetricShare]:
    return _listed(MetricShare.objects.filter(withdrawn_at__isnull=True)).order_by(
        "metric__name", "organisation__name"
    )


def withdrawn(user: Any) -> QuerySet[MetricShare]:
    return _listed(MetricShare.objects.filter(withdrawn_at__isnull=False)).order_by("-withdrawn_at")


def sharing_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` may share for: their own, or every one for the system lead."""
    if not user.has_perm(perms.MANAGE):
        return Organisation.objects.none()
    return visible_organisations(user).order_by("name")


def manageable(user: Any) -> QuerySet[MetricShare]:
    """The active shares ``user`` may withdraw."""
    return MetricShare.objects.filter(
        withdrawn_at__isnull=True, organisation__in=sharing_organisations(user)
    )


def agreements() -> QuerySet[DataSharingAgreement]:
    return DataSharingAgreement.objects.prefetch_related("organisations").select_related(
        "uploaded_by"
    )
