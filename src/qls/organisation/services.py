"""Queries and rules about the organisation structure used across QLS."""

from __future__ import annotations

from django.db.models import QuerySet

from qls.organisation.models import (
    Organisation,
    QualityDomain,
    StaffMember,
    StrategicAim,
    Ward,
)
from qls.organisation.reference import QUALITY_DOMAINS, STRATEGIC_AIMS


def host_organisation() -> Organisation | None:
    return Organisation.objects.filter(is_host=True).first()


def active_aims() -> QuerySet[StrategicAim]:
    return StrategicAim.objects.filter(active=True)


def headline_figures() -> dict[str, int]:
    host = host_organisation()
    wards = Ward.objects.filter(active=True)
    return {
        "sites": host.sites.count() if host else 0,
        "programme_wards": wards.filter(in_programme=True).count(),
        "units": wards.count(),
        "staff": StaffMember.objects.filter(active=True).count(),
        "partners": Organisation.objects.filter(is_host=False).count(),
    }


def load_reference_data() -> None:
    """Create the five strategic aims and six quality domains if missing."""
    for number, title, description in STRATEGIC_AIMS:
        StrategicAim.objects.get_or_create(
            number=number, defaults={"title": title, "description": description}
        )
    for order, (slug, name, description) in enumerate(QUALITY_DOMAINS, start=1):
        QualityDomain.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
