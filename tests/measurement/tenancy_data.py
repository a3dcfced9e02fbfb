"""Three organisations' data for the tenancy tests: the host trust and two partners.

The host trust has a trust-level series and a ward series of ``falls``; the
mental health trust (MHT, where the person looking works) and Estuary Minds
(EEM, whose data the person must not see until it is shared) each have a
site-level series. Every series has SPC results, so its pages answer 200
to whoever may see it.
"""

from __future__ import annotations

import datetime as dt

from qls.measurement import spc_cache
from qls.measurement.models import DataSharingAgreement, Level, Observation, Series
from tests.factories.measurement import MetricFactory, trust_structure
from tests.factories.organisation import (
    OrganisationFactory,
    SiteFactory,
    StaffMemberFactory,
    WardFactory,
)

START = dt.date(2024, 1, 1)  # a Monday
WEEKS = 14


def _series(metric, level: str, site=None, ward=None) -> Series:
    series = Series.objects.create(metric=metric, level=level, site=site, ward=ward)
    Observation.objects.bulk_create(
        Observation(series=series, period=START + dt.timedelta(weeks=w), value=float(3 + w % 4))
        for w in range(WEEKS)
    )
    return series


def build(personas, *, viewers=("partner", "partneranalyst", "system", "staff")) -> dict:
    """The three organisations, their ``falls`` series, and ``viewers`` working at MHT."""
    trust, _sites, wards = trust_structure()
    mht = OrganisationFactory(code="MHT", name="Mind & Body Trust")
    eem = OrganisationFactory(code="EEM", name="Estuary Minds")
    mht_site = SiteFactory(organisation=mht, code="MHT-01", name="Mind House")
    eem_site = SiteFactory(organisation=eem, code="EEMHC-01", name="Estuary House")
    WardFactory(site=mht_site, code="MHT-W1", name="Willow Ward")
    WardFactory(site=eem_site, code="EEM-W1", name="Alder Ward")
    metric = MetricFactory(code="falls", name="Falls")
    series = {
        "trust": _series(metric, Level.TRUST),
        "host_ward": _series(metric, Level.WARD, wards[0].site, wards[0]),
        "mht": _series(metric, Level.SITE, mht_site),
        "eem": _series(metric, Level.SITE, eem_site),
    }
    spc_cache.recompute_series([s.pk for s in series.values()])
    for s in series.values():
        s.refresh_from_db()
    for name in viewers:
        StaffMemberFactory(user=personas[name], organisation=mht, ward=None)
    agreement = DataSharingAgreement.objects.create(
        name="System data sharing agreement",
        signed_on=START,
        document="sharing-agreements/2024/agreement.pdf",
        uploaded_by=personas["admin"],
    )
    agreement.organisations.set([trust, mht, eem])
    return {
        "trust": trust,
        "mht": mht,
        "eem": eem,
        "metric": metric,
        "series": series,
        "agreement": agreement,
    }
