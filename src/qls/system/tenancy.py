"""Which organisation a person belongs to, and which risks they may therefore see.

Tenancy is decided here, in the queries, so a page cannot show (and an
address cannot reach) another partner's risk by forgetting a check in a
template: a risk outside ``visible_risks`` is simply not found.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qls.organisation.models import Organisation
from qls.organisation.tenancy import organisation_of
from qls.system import permissions as perms
from qls.system.models import QualityRisk

__all__ = ["organisation_of", "sees_every_organisation", "visible_organisations", "visible_risks"]


def sees_every_organisation(user: Any) -> bool:
    return bool(user.has_perm(perms.EVERY_ORGANISATION))


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    if sees_every_organisation(user):
        return Organisation.objects.all()
    own = organisation_of(user)
    if own is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=own.pk)


def visible_risks(user: Any) -> QuerySet[QualityRisk]:
    """The risks ``user`` may see: every organisation's for the system lead, else their own."""
    risks = QualityRisk.objects.all()
    if not user.has_perm(perms.VIEW):
        return risks.none()
    if sees_every_organisation(user):
        return risks
    own = organisation_of(user)
    return risks.filter(organisation=own) if own else risks.none()
