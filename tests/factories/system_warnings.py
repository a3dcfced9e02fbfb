"""Factories for soft intelligence and the shared series the early-warning list reads."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from qls.measurement.models import DataSharingAgreement, Level, MetricShare, Series
from qls.system.warnings.models import SoftIntelligence
from tests.factories.accounts import UserFactory
from tests.factories.organisation import OrganisationFactory


class SoftIntelligenceFactory(factory.django.DjangoModelFactory):
    """An open, medium-weight staffing concern received a fortnight ago."""

    class Meta:
        model = SoftIntelligence

    organisation = factory.SubFactory(OrganisationFactory)
    kind = SoftIntelligence.Kind.STAFFING
    summary = "Night shifts on the older people's wards ran two nurses short for a month."
    source = "Monthly safer staffing report"
    received_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=14))
    sensitivity = SoftIntelligence.Sensitivity.OPEN
    weight = 2
    logged_by = factory.SubFactory(UserFactory)


def agreement(by) -> DataSharingAgreement:
    return DataSharingAgreement.objects.create(
        name="ICS data sharing agreement",
        signed_on=dt.date(2026, 1, 5),
        document="sharing-agreements/2026/ics.pdf",
        uploaded_by=by,
    )


def share(metric, organisation, by, signed: DataSharingAgreement | None = None) -> MetricShare:
    """``organisation`` shares ``metric`` with the system."""
    return MetricShare.objects.create(
        metric=metric,
        organisation=organisation,
        agreement=signed or agreement(by),
        shared_from=dt.date(2026, 1, 5),
        approved_by=by,
    )


def cached_series(
    metric,
    *,
    site=None,
    variation: str = "common_cause",
    assurance: str = "",
    latest: dt.date | None = None,
    **over,
) -> Series:
    """A series whose SPC cache already says ``variation`` / ``assurance`` at ``latest``."""
    if latest is None:
        latest = timezone.localdate().replace(day=1)
    return Series.objects.create(
        metric=metric,
        level=Level.SITE if site else Level.TRUST,
        site=site,
        variation_icon=variation,
        assurance_icon=assurance,
        latest_period=latest,
        latest_value=1.0,
        is_stale=False,
        **over,
    )
