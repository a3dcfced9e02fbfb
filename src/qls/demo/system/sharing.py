"""The demo's shared system metrics (``manage.py demo``).

Eighteen months of seven measures the integrated care system watches
together (falls, pressure ulcers, infections, complaints, mental health
out-of-area placements, delayed discharges and staff vacancies), returned
monthly by the partners that provide each service. Each partner reports
through one unit of its own (a site whose organisation is the partner); the
host trust reports at trust level. Nearly every series is shared under the
system's data-sharing agreement; a few are not (so a partner's own people
see more than the others do) and one share was withdrawn.

Two deteriorations are planted for the early-warning list: the mental health
trust's out-of-area placements rise for the last seven months, and the
community provider's pressure ulcers for the last eight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from qls.core.periods import add_months
from qls.demo.context import DemoContext, DemoStep
from qls.measurement.models import (
    Dataset,
    DataSharingAgreement,
    Level,
    Metric,
    MetricShare,
    Observation,
    Series,
    StratumDimension,
)
from qls.measurement.spc_cache import recompute_series
from qls.organisation.models import Organisation, QualityDomain, Site

HOST = "host"
MONTHS = 18


@dataclass(frozen=True)
class Shared:
    code: str
    name: str
    definition: str
    unit: str
    chart: str  # u, c, p or xmr
    target: float | None
    multiplier: float
    domain: str
    # organisation code (or HOST) -> (base rate or level, denominator per month)
    reporters: dict[str, tuple[float, float]]


# fmt: off
METRICS: list[Shared] = [
    Shared("ics-falls", "Falls per 1,000 occupied bed days (system)",
           "Falls of patients in the organisation's beds, per 1,000 occupied bed days.",
           "per 1,000 bed days", "u", None, 1000, "safe",
           {HOST: (0.0061, 52_000), "EEMHC": (0.0085, 9_500), "EEHOS": (0.011, 700)}),
    Shared("ics-pressure-ulcers", "Pressure ulcers (category 2 and above) per 1,000 care days "
           "(system)", "New category 2+ pressure ulcers acquired in the organisation's care, "
           "per 1,000 occupied bed days or caseload days.", "per 1,000 care days", "u", 1.0,
           1000, "safe",
           {HOST: (0.0011, 52_000), "EEMHC": (0.0006, 9_500), "EECHP": (0.0009, 30_000),
            "EEHOS": (0.0016, 700)}),
    Shared("ics-infections", "Healthcare-associated infections (system)",
           "C. difficile, MRSA and E. coli bloodstream infections attributed to the "
           "organisation.", "cases", "c", None, 1, "safe",
           {HOST: (9.0, 0), "EEMHC": (1.2, 0), "EECHP": (2.0, 0)}),
    Shared("ics-complaints", "Formal complaints per 1,000 contacts (system)",
           "Formal complaints received, per 1,000 patient or client contacts in the month.",
           "per 1,000 contacts", "u", None, 1000, "experience",
           {HOST: (0.0009, 110_000), "EEMHC": (0.0012, 24_000), "EECHP": (0.0007, 38_000),
            "EEHOS": (0.0015, 2_100), "EECHC": (0.0011, 16_000), "EETBC": (0.0013, 9_000),
            "EEECC": (0.0012, 11_000), "EEPC1": (0.0004, 42_000),
            "EEPC2": (0.0005, 36_000)}),
    Shared("ics-out-of-area", "Mental health out-of-area placements (system)",
           "Adults placed in an acute mental health bed outside the system during the month.",
           "placements", "c", None, 1, "effective", {"EEMHC": (5.0, 0)}),
    Shared("ics-delayed-discharges", "Discharges delayed awaiting care (system)",
           "Discharges of people medically fit to leave that waited more than a day for "
           "community health or social care, as a share of all discharges.", "%", "p", 15.0, 100,
           "effective",
           {HOST: (0.13, 5_600), "EEMHC": (0.11, 260), "EECHP": (0.09, 420),
            "EECHC": (0.12, 900), "EETBC": (0.14, 520), "EEECC": (0.13, 610)}),
    Shared("ics-vacancy-rate", "Staff vacancy rate (system)",
           "Vacant posts as a share of the funded establishment, as each organisation reports "
           "it (establishments differ, so rates are not added across organisations).", "%",
           "xmr", 8.0, 1, "well-led",
           {HOST: (8.5, 0), "EEMHC": (11.0, 0), "EECHP": (9.5, 0), "EEHOS": (7.0, 0),
            "EECHC": (12.0, 0), "EETBC": (9.2, 0), "EEECC": (8.6, 0), "EEPC1": (6.0, 0),
            "EEPC2": (7.5, 0)}),
]
# fmt: on
# The two planted deteriorations: (metric, organisation) -> (months from the end, factor).
DETERIORATIONS = {
    ("ics-out-of-area", "EEMHC"): (7, 2.3),
    ("ics-pressure-ulcers", "EECHP"): (8, 1.9),
}
# Series its organisation keeps to itself, and the share withdrawn (with its reason).
UNSHARED = {("ics-complaints", "EEPC2"), ("ics-falls", "EEHOS")}
WITHDRAWN = {
    ("ics-vacancy-rate", "EECHC"): "The council is restating vacancies against its new "
    "establishment after the restructure; the figures will be shared again once restated."
}
# Complaints split by deprivation quintile where the partner's data has it.
IMD_SPLIT = {HOST: [0.27, 0.23, 0.2, 0.16, 0.14], "EEMHC": [0.34, 0.24, 0.18, 0.14, 0.1]}
AGREEMENT = "Essex Estuary ICS quality data sharing agreement (demo)"
AGREEMENT_FILE = "sharing-agreements/ics-quality-data-sharing-agreement.pdf"
PARTNER_TOWNS = {
    "EEMHC": "Estuary City", "EECHP": "Chelmer", "EEHOS": "Saltmarsh", "EECHC": "Chelmer",
    "EETBC": "Thameside", "EEECC": "Estuary City", "EEPC1": "Chelmer Valley",
    "EEPC2": "Thameside",
}  # fmt: skip


def partner_site_code(org_code: str) -> str:
    """The unit code a partner's returns name (its one reporting site)."""
    return f"{org_code}-ALL"


def months(today: dt.date) -> list[dt.date]:
    """The last ``MONTHS`` complete months, oldest first."""
    last = add_months(today.replace(day=1), -1)
    return [add_months(last, -back) for back in range(MONTHS - 1, -1, -1)]


def reset(ctx: DemoContext) -> None:
    MetricShare.objects.all().delete()
    DataSharingAgreement.objects.all().delete()
    codes = [m.code for m in METRICS]
    Observation.objects.filter(series__metric__code__in=codes).delete()
    Series.objects.filter(metric__code__in=codes).delete()
    Metric.objects.filter(code__in=codes).delete()
    Dataset.objects.filter(slug="ics-returns").delete()
    Site.objects.filter(code__in=[partner_site_code(c) for c in PARTNER_TOWNS]).delete()


def _agreement_pdf(orgs: list[Organisation]) -> bytes:
    from weasyprint import HTML  # lazy: heavy

    from qls.projects.poster import local_fetcher

    parties = "".join(f"<li>{o.name}</li>" for o in orgs)
    page = (
        "<html><body style='font-family: sans-serif'>"
        f"<h1>{AGREEMENT}</h1><p>Signed on behalf of the parties below, who share "
        "aggregate monthly quality measures (no record-level or patient-identifiable data) "
        "with the integrated care system's quality oversight, for System Quality Groups and "
        f"the early-warning list.</p><ul>{parties}</ul></body></html>"
    )
    return bytes(HTML(string=page, url_fetcher=local_fetcher()).write_pdf())


def _values(spec: Shared, base: float, den: float, n: int, rng: np.random.Generator, bump):
    """(numerator, denominator, value) per month; ``bump`` multiplies the rate per month."""
    rate = base * bump
    if spec.chart == "xmr":
        value = np.round(base + rng.normal(0, base * 0.06, n) * bump, 1)
        return [None] * n, [None] * n, list(value)
    if spec.chart == "c":
        count = rng.poisson(rate).astype(float)
        return [None] * n, [None] * n, list(count)
    dens = np.round(den * rng.uniform(0.92, 1.08, n))
    if spec.chart == "p":
        nums = rng.binomial(dens.astype(int), np.clip(rate, 0, 1)).astype(float)
    else:
        nums = rng.poisson(rate * dens).astype(float)
    return list(nums), list(dens), list(nums / dens * spec.multiplier)


def build(ctx: DemoContext) -> None:
    rng = np.random.default_rng(ctx.rng("system-sharing").getrandbits(64))
    orgs = {o.code: o for o in Organisation.objects.all()}
    host = ctx.trust or Organisation.objects.get(is_host=True)
    sites = {
        code: Site.objects.create(
            organisation=orgs[code],
            code=partner_site_code(code),
            town=town,
            name=f"{orgs[code].name.removesuffix(' (demo)')}, all services",
        )
        for code, town in PARTNER_TOWNS.items()
    }
    dataset = Dataset.objects.create(
        name="Partners' monthly quality returns", slug="ics-returns",
        description="The measures the system's partners return each month for system "
        "quality oversight, aggregated by the partner before they are sent.",
        source_system="Partner returns", refresh_cadence="monthly", sensitivity="internal",
    )  # fmt: skip
    domains = {d.slug: d for d in QualityDomain.objects.all()}
    ps = months(timezone.localdate())
    n = len(ps)
    observations: list[Observation] = []
    series: list[Series] = []
    for spec in METRICS:
        metric = Metric.objects.create(
            code=spec.code, name=spec.name, definition=spec.definition, dataset=dataset,
            unit=spec.unit, chart_type=spec.chart, target=spec.target, frequency="month",
            improvement_direction="decrease", multiplier=spec.multiplier,
            domain=domains.get(spec.domain),
            strata=[StratumDimension.IMD_QUINTILE] if spec.code == "ics-complaints" else [],
        )  # fmt: skip
        for code, (base, den) in spec.reporters.items():
            months_up, factor = DETERIORATIONS.get((spec.code, code), (0, 1.0))
            bump = np.ones(n)
            if months_up:
                bump[-months_up:] = factor
            nums, dens, vals = _values(spec, base, den, n, rng, bump)
            whole = Series(metric=metric, **_unit(code, sites))
            series.append(whole)
            observations += [
                Observation(series=whole, period=p, value=v, numerator=a, denominator=b)
                for p, a, b, v in zip(ps, nums, dens, vals, strict=True)
            ]
            if spec.code == "ics-complaints" and code in IMD_SPLIT:
                observations += _strata(metric, code, sites, ps, nums, dens, series, rng)
    Series.objects.bulk_create(series)
    for obs in observations:
        obs.series_id = obs.series.pk
    Observation.objects.bulk_create(observations, batch_size=2_000)
    recompute_series([s.pk for s in series])
    _share(ctx, orgs, host, series)
    ctx.log(f"  {len(METRICS)} shared system metrics, {len(series)} series from {len(sites) + 1} "
            "organisations")  # fmt: skip


def _unit(code: str, sites: dict[str, Site]) -> dict[str, Any]:
    if code == HOST:
        return {"level": Level.TRUST}
    return {"level": Level.SITE, "site": sites[code]}


def _strata(metric, code, sites, ps, nums, dens, series, rng) -> list[Observation]:
    """Complaints by IMD quintile: the quintiles' counts and contacts add up to the whole."""
    shares = IMD_SPLIT[code]
    parts = [
        Series(
            metric=metric,
            stratum_dimension=StratumDimension.IMD_QUINTILE,
            stratum_value=str(q),
            **_unit(code, sites),
        )
        for q in range(1, 6)
    ]
    series += parts
    out = []
    for p, num, den in zip(ps, nums, dens, strict=True):
        split_num = rng.multinomial(int(num), shares)
        split_den = rng.multinomial(int(den), shares)
        for part, a, b in zip(parts, split_num, split_den, strict=True):
            if b > 0:
                out.append(
                    Observation(
                        series=part,
                        period=p,
                        value=a / b * metric.multiplier,
                        numerator=float(a),
                        denominator=float(b),
                    )
                )
    return out


def _share(ctx: DemoContext, orgs: dict[str, Organisation], host: Organisation, series) -> None:
    lead = ctx.users.get("system")
    partner = ctx.users.get("partner")
    if lead is None:
        return
    parties = [host, *(orgs[c] for c in PARTNER_TOWNS), orgs["EEICB"]]
    agreement = DataSharingAgreement(
        name=AGREEMENT, signed_on=timezone.localdate() - dt.timedelta(days=540), uploaded_by=lead
    )
    default_storage.delete(AGREEMENT_FILE)
    agreement.document.name = default_storage.save(
        AGREEMENT_FILE, ContentFile(_agreement_pdf(parties))
    )
    agreement.save()
    agreement.organisations.set(parties)
    shared_from = timezone.localdate() - dt.timedelta(days=480)
    now = timezone.now()
    done: set[tuple[str, str]] = set()
    for s in series:
        org = host if s.level == Level.TRUST else s.site.organisation
        key = (s.metric.code, HOST if org.is_host else org.code)
        if key in done or key in UNSHARED:
            continue
        done.add(key)
        reason = WITHDRAWN.get(key, "")
        MetricShare.objects.create(
            metric=s.metric, organisation=org, agreement=agreement, shared_from=shared_from,
            approved_by=partner if org.code == "EEMHC" and partner else lead,
            withdrawn_at=now - dt.timedelta(days=20) if reason else None,
            withdrawn_by=lead if reason else None, withdrawal_reason=reason,
        )  # fmt: skip


STEP = DemoStep("system-sharing", build, reset)
