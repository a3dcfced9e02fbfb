"""The system every oversight test stands on: the host trust, a mental health
trust where the `partner` and `partneranalyst` personas work, and the
integrated care board of the `system` persona (the system quality lead)."""

from __future__ import annotations

import pytest

from tests.factories.organisation import OrganisationFactory, StaffMemberFactory

NHS_NUMBER = "943 476 5919"  # a valid check digit


@pytest.fixture
def partners(personas) -> dict:
    trust = OrganisationFactory(host=True)
    mental_health = OrganisationFactory(code="MHT", name="Mind & Body Trust")
    icb = OrganisationFactory(code="ICB", name="The Integrated Care Board")
    staff = {
        name: StaffMemberFactory(user=personas[name], organisation=mental_health, ward=None)
        for name in ("partner", "partneranalyst")
    }
    staff["system"] = StaffMemberFactory(user=personas["system"], organisation=icb, ward=None)
    return {"trust": trust, "mh": mental_health, "icb": icb, "staff": staff}


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def monthly(n: int, start=None):
    """``n`` first days of consecutive months from January 2024."""
    import datetime as dt

    start = start or dt.date(2024, 1, 1)
    return [dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
            for i in range(n)]  # fmt: skip


def add_series(metric, organisation, *, site=None, level="site", months=24, seed=0, **stratum):
    """A series of ``metric`` with ``months`` of monthly data, its SPC computed."""
    import random

    from qls.measurement.models import Observation, Series
    from tests.factories.organisation import SiteFactory

    if level == "site" and site is None:
        site = SiteFactory(organisation=organisation, code=f"{organisation.code}-S{seed}")
    series = Series.objects.create(
        metric=metric, level=level, site=site if level == "site" else None,
        stratum_dimension=stratum.get("dimension", ""), stratum_value=stratum.get("value", ""),
    )  # fmt: skip
    rng = random.Random(seed)
    ratio = metric.chart_type in ("p", "u")
    rows = []
    for period in monthly(months):
        den = float(rng.randint(80, 120))
        num = float(rng.randint(10, 60)) if ratio else float(rng.randint(3, 15))
        value = num / den * (metric.multiplier or 1) if ratio else num
        rows.append(Observation(series=series, period=period, value=value,
                                numerator=num if ratio else None,
                                denominator=den if ratio else None))  # fmt: skip
    Observation.objects.bulk_create(rows)
    return series


def recompute(*series) -> None:
    from qls.measurement.spc_cache import recompute_series

    recompute_series([s.pk for s in series])


def agreement(by, *organisations, name="ICS data-sharing agreement 2026"):
    import datetime as dt

    from django.core.files.base import ContentFile

    from qls.system.sharing.actions import upload_agreement

    return upload_agreement(
        name=name, signed_on=dt.date(2026, 1, 5), document=ContentFile(PDF, name="dsa.pdf"),
        organisations=organisations, by=by,
    )  # fmt: skip


def share(metric, organisation, by, dsa=None):
    from qls.measurement.sharing import share_metric

    dsa = dsa or agreement(by, organisation)
    return share_metric(metric=metric, organisation=organisation, agreement=dsa, approved_by=by)


@pytest.fixture
def shared_world(partners, personas, settings, tmp_path):
    """Two metrics (a p chart and an XmR) at the host, the mental health trust and a
    community partner with two sites; the host and the community partner share
    the p chart, nobody shares the XmR. `partner` works at the mental health trust."""
    from qls.measurement.models import ChartType, Frequency
    from tests.factories.measurement import MetricFactory

    settings.MEDIA_ROOT = tmp_path
    community = OrganisationFactory(code="CHP", name="Community Health Partnership")
    screening = MetricFactory(screening=True, record_date_column="", record_org_unit_column="")
    waits = MetricFactory(
        code="waits", name="Median wait in days", chart_type=ChartType.XMR,
        frequency=Frequency.MONTH, unit="days",
    )  # fmt: skip
    s = {
        "host": add_series(screening, partners["trust"], level="trust", seed=1),
        "mh": add_series(screening, partners["mh"], seed=2),
        "chp1": add_series(screening, community, seed=3),
        "chp2": add_series(screening, community, seed=4),
        "waits_mh": add_series(waits, partners["mh"], seed=5),
        "waits_chp": add_series(waits, community, seed=6),
    }
    recompute(*s.values())
    lead = personas["system"]
    dsa = agreement(lead, partners["trust"], partners["mh"], community)
    share(screening, partners["trust"], lead, dsa)
    share(screening, community, lead, dsa)
    share(waits, community, lead, dsa)
    return {**partners, "chp": community, "screening": screening, "waits": waits,
            "series": s, "agreement": dsa}  # fmt: skip
