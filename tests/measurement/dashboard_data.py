"""A small trust with SPC results, for the dashboard, inequality and browser tests."""

from __future__ import annotations

import datetime as dt

import numpy as np

from qls.measurement import spc_cache
from qls.measurement.models import Metric, Observation, Series
from qls.organisation.models import QualityDomain
from tests.factories.organisation import OrganisationFactory, SiteFactory, WardFactory

MONTHS = [dt.date(2023 + (m // 12), m % 12 + 1, 1) for m in range(24)]
WEEKS = [dt.date(2024, 1, 1) + dt.timedelta(weeks=w) for w in range(40)]


def _series(metric, level, periods, values, *, site=None, ward=None, num=None, den=None, **kw):
    s = Series.objects.create(metric=metric, level=level, site=site, ward=ward, **kw)
    Observation.objects.bulk_create(
        Observation(
            series=s,
            period=p,
            value=float(values[i]),
            numerator=None if num is None else float(num[i]),
            denominator=None if den is None else float(den[i]),
        )
        for i, p in enumerate(periods)
    )
    return s


def build() -> dict:
    """Trust -> Basildon Hospital -> Kingfisher and Heron wards; falls, sepsis and LOS.

    Kingfisher's falls jump at the last week (an early warning); sepsis
    screening has strata at the trust and the site, with the most deprived
    screened less and the gap widening over the last eight months.
    """
    rng = np.random.default_rng(7)
    OrganisationFactory(host=True)
    safe = QualityDomain.objects.filter(slug="safe").first()
    site = SiteFactory(code="BAS", name="Basildon Hospital")
    kingfisher = WardFactory(site=site, code="BAS-W01", name="Kingfisher Ward")
    heron = WardFactory(site=site, code="BAS-W02", name="Heron Ward")
    falls = Metric.objects.create(
        code="falls", name="Inpatient falls per 1,000 bed days", definition="Falls per bed days.",
        unit="per 1,000 bed days", chart_type="u", improvement_direction="decrease",
        target=5.0, frequency="week", multiplier=1000, domain=safe,
    )  # fmt: skip
    sepsis = Metric.objects.create(
        code="sepsis-screening", name="Sepsis screening compliance",
        definition="Screened within an hour.", unit="%", chart_type="p",
        improvement_direction="increase", target=90.0, frequency="month", multiplier=100,
        domain=safe, strata=["imd_quintile", "ethnic_group", "age_band", "sex"],
    )  # fmt: skip
    los = Metric.objects.create(
        code="length-of-stay", name="Average length of stay", definition="Mean days.",
        unit="days", chart_type="xmr", improvement_direction="decrease", frequency="month",
    )  # fmt: skip
    made: dict[str, Series] = {}
    for ward in (kingfisher, heron):
        den = rng.integers(170, 200, len(WEEKS)).astype(float)
        num = rng.poisson(1.0, len(WEEKS)).astype(float)
        if ward is kingfisher:
            num[-1] = 9  # astronomical: far above the upper limit
        made[f"falls-{ward.code}"] = _series(
            falls, "ward", WEEKS, num / den * 1000, site=site, ward=ward, num=num, den=den
        )
        sden = rng.integers(40, 60, len(MONTHS)).astype(float)
        snum = rng.binomial(sden.astype(int), 0.85).astype(float)
        made[f"sepsis-{ward.code}"] = _series(
            sepsis, "ward", MONTHS, snum / sden * 100, site=site, ward=ward, num=snum, den=sden
        )
        made[f"los-{ward.code}"] = _series(
            los, "ward", MONTHS, rng.normal(6, 0.5, len(MONTHS)).round(2), site=site, ward=ward
        )
    for level, unit_site in (("site", site), ("trust", None)):
        den = rng.integers(350, 400, len(WEEKS)).astype(float)
        num = rng.poisson(2.0, len(WEEKS)).astype(float)
        made[f"falls-{level}"] = _series(
            falls, level, WEEKS, num / den * 1000, site=unit_site, num=num, den=den
        )
        sden = rng.integers(90, 110, len(MONTHS)).astype(float)
        snum = rng.binomial(sden.astype(int), 0.85).astype(float)
        made[f"sepsis-{level}"] = _series(
            sepsis, level, MONTHS, snum / sden * 100, site=unit_site, num=snum, den=sden
        )
        strata = {
            "imd_quintile": ["1", "2", "3", "4", "5"],
            "ethnic_group": ["A", "C", "H", "N", "Z"],
            "age_band": ["18-44", "45-64", "65-74", "75-84", "85+"],
            "sex": ["F", "M"],
        }
        for dimension, values in strata.items():
            for value in values:
                p = np.full(len(MONTHS), 0.86)
                if dimension == "imd_quintile" and value == "1":
                    p = 0.80 - np.r_[np.zeros(16), np.linspace(0.02, 0.2, 8)]
                if dimension == "imd_quintile" and value == "5":
                    p = np.full(len(MONTHS), 0.9)
                d = rng.integers(150, 200, len(MONTHS)).astype(float)
                n = rng.binomial(d.astype(int), p).astype(float)
                made[f"sepsis-{level}-{dimension}-{value}"] = _series(
                    sepsis, level, MONTHS, n / d * 100, site=unit_site, num=n, den=d,
                    stratum_dimension=dimension, stratum_value=value,
                )  # fmt: skip
    spc_cache.recompute_all()
    return {"site": site, "kingfisher": kingfisher, "heron": heron, "series": made,
            "falls": falls, "sepsis": sepsis, "los": los}  # fmt: skip
