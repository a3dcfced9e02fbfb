"""A trust whose strata add up to its totals, as a real extract's would, for the split tests.

Readmissions (a p chart, lower is better) at the trust and one site, split by
deprivation, ethnic category, age band and sex: each split's denominators
and numerators are the total's, shared out. The gap between the most and
least deprived widens over the last eight months. Length of stay (XmR, plain
values) is split by sex at the trust, with men staying about a day longer.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from qls.measurement import spc_cache
from qls.measurement.models import Metric, Observation, Series
from qls.organisation.models import QualityDomain
from tests.factories.organisation import OrganisationFactory, SiteFactory

MONTHS = [dt.date(2023 + (m // 12), m % 12 + 1, 1) for m in range(24)]
# dimension -> [(value, share of patients, readmission rate)]
SPLITS = {
    "imd_quintile": [("1", 0.25, 0.16), ("2", 0.2, 0.13), ("3", 0.2, 0.12), ("4", 0.15, 0.11),
                     ("5", 0.2, 0.09)],
    "ethnic_group": [("A", 0.6, 0.11), ("C", 0.1, 0.11), ("H", 0.08, 0.12), ("K", 0.04, 0.13),
                     ("M", 0.04, 0.15), ("N", 0.08, 0.17), ("Z", 0.06, 0.11)],
    "age_band": [("18-44", 0.2, 0.08), ("45-64", 0.3, 0.1), ("65-74", 0.2, 0.12),
                 ("75-84", 0.2, 0.15), ("85+", 0.1, 0.2)],
    "sex": [("F", 0.52, 0.11), ("M", 0.48, 0.13)],
}  # fmt: skip


def _series(metric, level, values, *, site=None, num=None, den=None, **kw) -> Series:
    s = Series.objects.create(metric=metric, level=level, site=site, **kw)
    Observation.objects.bulk_create(
        Observation(
            series=s,
            period=p,
            value=float(values[i]),
            numerator=None if num is None else float(num[i]),
            denominator=None if den is None else float(den[i]),
        )
        for i, p in enumerate(MONTHS)
    )
    return s


def build_splits(seed: int = 11) -> dict:
    rng = np.random.default_rng(seed)
    OrganisationFactory(host=True)
    effective = QualityDomain.objects.filter(slug="effective").first()
    site = SiteFactory(code="BAS", name="Basildon Hospital")
    readmissions = Metric.objects.create(
        code="readmissions-30d", name="Emergency readmissions within 30 days",
        definition="Discharges followed by a readmission.", unit="%", chart_type="p",
        improvement_direction="decrease", frequency="month", multiplier=100,
        domain=effective, strata=list(SPLITS),
    )  # fmt: skip
    los = Metric.objects.create(
        code="length-of-stay", name="Average length of stay", definition="Mean days.",
        unit="days", chart_type="xmr", improvement_direction="decrease", frequency="month",
        domain=effective, strata=["sex"],
    )  # fmt: skip
    made: dict[str, Series] = {}
    for level, unit_site in (("trust", None), ("site", site)):
        parts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        den = rng.integers(900, 1100, len(MONTHS))
        num = np.zeros(len(MONTHS), int)
        # Share the discharges out by deprivation; the readmissions follow each group's rate.
        for dimension, groups in SPLITS.items():
            shares = np.array([g[1] for g in groups])
            rates = np.array([g[2] for g in groups])
            ds = np.array([rng.multinomial(d, shares / shares.sum()) for d in den]).T
            if dimension == "imd_quintile":
                # The most deprived fall further behind over the last eight months.
                rate = np.repeat(rates[:, None], len(MONTHS), axis=1)
                rate[0, -8:] += np.linspace(0.02, 0.12, 8)
                ns = rng.binomial(ds, rate)
                num = ns.sum(0)
            else:
                # Every split shares out the same readmissions: rescale to the total's.
                ns = _share_out(num, ds, rates, rng)
            for g, (value, _share, _rate) in enumerate(groups):
                parts[f"{dimension}-{value}"] = (ns[g], ds[g])
        made[f"readmissions-{level}"] = _series(
            readmissions, level, num / den * 100, site=unit_site, num=num, den=den
        )
        for key, (n, d) in parts.items():
            dimension, value = key.split("-", 1)  # dimension names hold no hyphen
            made[f"readmissions-{level}-{key}"] = _series(
                readmissions, level, n / d * 100, site=unit_site, num=n, den=d,
                stratum_dimension=dimension, stratum_value=value,
            )  # fmt: skip
    women = rng.normal(6.0, 0.3, len(MONTHS)).round(2)
    men = rng.normal(7.0, 0.3, len(MONTHS)).round(2)
    made["los-trust"] = _series(los, "trust", ((women + men) / 2).round(2))
    made["los-trust-sex-F"] = _series(
        los, "trust", women, stratum_dimension="sex", stratum_value="F"
    )
    made["los-trust-sex-M"] = _series(los, "trust", men, stratum_dimension="sex", stratum_value="M")
    spc_cache.recompute_all()
    return {"site": site, "readmissions": readmissions, "los": los, "series": made}


def _share_out(
    total: np.ndarray, ds: np.ndarray, rates: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Numerators per group (groups x periods) summing to ``total``, never above ``ds``."""
    out = np.zeros_like(ds)
    for t in range(ds.shape[1]):
        weight = ds[:, t] * rates
        n = rng.multinomial(total[t], weight / weight.sum())
        n = np.minimum(n, ds[:, t])
        while n.sum() < total[t]:  # pass any excess to a group with room
            n[np.argmax(ds[:, t] - n)] += 1
        out[:, t] = n
    return out
