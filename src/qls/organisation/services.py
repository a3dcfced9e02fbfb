"""Queries and rules about the organisation structure used across QLS."""

from __future__ import annotations

from django.db.models import QuerySet

from qls.organisation.models import Organisation, StaffMember, StrategicAim, Ward


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
