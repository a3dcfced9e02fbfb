"""Demo quality data: a catalogue, ~40 metrics and three years of observations.

The ``measurement`` step of ``manage.py demo``. Everything is synthetic and
deterministic for a seed: ward sizes come from the organisation step, values
from a NumPy generator seeded from the demo seed.

What it makes:

* data sets in the catalogue (Datix, the PAS, ward audits, workforce, FFT
  and so on), each with an owner and field definitions;
* metrics with the chart type a trust would use (u for falls per 1,000 bed
  days, p for compliance, c for infections, XmR for length of stay, g and t
  for rare events), weekly or monthly, three years to the last complete
  period;
* a series per metric for every programme ward (every ward and unit with
  beds at ``--scale full``), each site (the sum of its wards) and the trust;
* strata series (IMD quintile, NHS Data Dictionary ethnic category, age band,
  sex) at trust and site level for a handful of metrics, with the most
  deprived doing worse and, on 30-day readmissions, a gap that widens over
  the last year;
* deliberate, lasting improvements at the (metric, ward, period) points listed
  by :func:`demo_improvements`, so the projects demo can place an adopted
  change two to six weeks before each one; and a few recent deteriorations so
  the early warning list has something to say.

Observations are written with one ``executemany`` per batch (no model
instances: a full build holds several hundred thousand rows), then SPC is
computed for every series in one batch.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
from django.db import connection
from django.utils import timezone

from qls.demo.context import DemoContext, DemoStep
from qls.demo.measurement.catalogue import DATASETS, METRICS, STRATA, YEARS
from qls.demo.measurement.generate import aggregate, generate, rare_events, strata_rows
from qls.demo.measurement.periods import demo_improvements, last_complete_periods, periods
from qls.measurement import spc_cache
from qls.measurement.models import (
    Dataset,
    DatasetField,
    Import,
    Metric,
    MetricTrajectory,
    Observation,
    RebasePoint,
    Series,
)
from qls.organisation.models import QualityDomain, StaffGroup, StrategicAim

# ----------------------------------------------------------------- writing


def _insert_observations(rows: list[tuple[Any, ...]]) -> None:
    table = connection.ops.quote_name(Observation._meta.db_table)
    sql = (
        f"INSERT INTO {table} (series_id, period, value, numerator, denominator) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        for lo in range(0, len(rows), 20_000):
            batch = [(s, adapt(p), v, n, d) for s, p, v, n, d in rows[lo : lo + 20_000]]
            cursor.executemany(sql, batch)


def _f(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def reset_measurement(ctx: DemoContext) -> None:
    with connection.cursor() as cursor:
        for model in (
            Observation,
            Series,
            RebasePoint,
            MetricTrajectory,
            Import,
            Metric,
            DatasetField,
            Dataset,
        ):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _catalogue(ctx: DemoContext, rng: np.random.Generator) -> dict[str, Dataset]:
    owners = [m for m in ctx.staff if m.staff_group == StaffGroup.ADMIN_CLERICAL] or list(ctx.staff)
    analyst = next((m for m in ctx.staff if m.staff_number == "90000005"), None)
    now = timezone.now()
    datasets = []
    for i, (slug, name, source, cadence, sensitivity, description, _fields) in enumerate(DATASETS):
        picked = owners[int(rng.integers(len(owners)))] if owners else None
        owner = analyst if i % 3 == 0 and analyst else picked
        lag = {"daily": 1, "weekly": 5, "monthly": 20, "quarterly": 60}.get(cadence, 10)
        datasets.append(
            Dataset(
                slug=slug,
                name=name,
                description=description,
                owner=owner,
                source_system=source,
                refresh_cadence=cadence,
                sensitivity=sensitivity,
                last_refreshed=now - dt.timedelta(days=int(rng.integers(0, lag + 1)), hours=3),
            )
        )
    made = {d.slug: d for d in Dataset.objects.bulk_create(datasets)}
    DatasetField.objects.bulk_create(
        DatasetField(dataset=made[slug], name=n, data_type=t, definition=d, order=k)
        for slug, *_rest, fields in DATASETS
        for k, (n, t, d) in enumerate(fields)
    )
    return made


def build_measurement(ctx: DemoContext) -> None:
    rng = np.random.default_rng(ctx.rng("measurement").getrandbits(64))
    datasets = _catalogue(ctx, rng)
    domains = {d.slug: d for d in QualityDomain.objects.all()}
    aims = {a.number: a for a in StrategicAim.objects.all()}
    owners = [m for m in ctx.staff if m.band in ("Band 7", "Band 8a", "Band 8b")] or ctx.staff
    metrics = Metric.objects.bulk_create(
        Metric(
            code=s.code,
            name=s.name,
            definition=s.definition,
            dataset=datasets[s.dataset],
            unit=s.unit,
            chart_type=s.chart,
            improvement_direction=s.direction,
            target=s.target,
            frequency=s.freq,
            multiplier=s.multiplier,
            domain=domains.get(s.domain),
            aim=aims.get(s.aim),
            owner=owners[int(rng.integers(len(owners)))] if owners else None,
            strata=list(STRATA) if s.strata else [],
            is_key=s.key,
        )
        for s in METRICS
    )
    by_code = {m.code: m for m in metrics}
    _definition_extras(by_code, ctx)

    all_wards = sorted(ctx.wards.values(), key=lambda w: w.code)
    if ctx.scale == "full":
        wards = [w for w in all_wards if w.beds]
    else:
        wards = [w for w in all_wards if w.in_programme]
    sites = sorted(ctx.sites.values(), key=lambda s: s.code)
    site_by_pk = {site.pk: site for site in sites}
    site_members = [
        np.array([i for i, w in enumerate(wards) if w.site_id == site.pk]) for site in sites
    ]
    beds = np.array([w.beds or 12 for w in wards], float)
    every = np.arange(len(wards))

    series_rows: list[tuple[Series, list[tuple[Any, ...]]]] = []

    def add(metric, level, values, ps, site=None, ward=None, dim="", code=""):
        s = Series(
            metric=metric, level=level, site=site, ward=ward,
            stratum_dimension=dim, stratum_value=code,
        )  # fmt: skip
        num, den, val = values
        rows = []
        for t, p in enumerate(ps):
            if den is not None and not den[t] > 0:
                continue
            rows.append(
                (
                    p,
                    _f(val[t]),
                    None if num is None else float(num[t]),
                    None if den is None else float(den[t]),
                )
            )
        series_rows.append((s, rows))

    for spec in METRICS:
        metric = by_code[spec.code]
        if spec.kind == "gaps":
            end = last_complete_periods()["day"] - dt.timedelta(days=1)
            start = end - dt.timedelta(days=365 * YEARS)
            events = rare_events(spec, start, end, rng)
            ps = [e[0] for e in events]
            add(metric, "trust", (None, None, np.array([e[1] for e in events])), ps)
            continue
        ps = periods(spec.freq)
        gen = generate(spec, wards, ps, rng)
        if spec.scope == "ward":
            for i, w in enumerate(wards):
                add(
                    metric, "ward",
                    (
                        None if gen.num is None else gen.num[i],
                        None if gen.den is None else gen.den[i],
                        gen.value[i],
                    ),
                    ps, site=site_by_pk[w.site_id], ward=w,
                )  # fmt: skip
        site_values = aggregate(spec, gen, site_members, beds)
        trust_values = aggregate(spec, gen, [every], beds)[0]
        for site, values in zip(sites, site_values, strict=True):
            add(metric, "site", values, ps, site=site)
        add(metric, "trust", trust_values, ps)
        if spec.strata:
            units = [(None, trust_values), *list(zip(sites, site_values, strict=True))]
            for site, (num, den, val) in units:
                for dim, code, n, d, v in strata_rows(spec, num, den, val, rng):
                    level = "site" if site else "trust"
                    add(metric, level, (n, d, v), ps, site=site, dim=dim, code=code)

    made = Series.objects.bulk_create([s for s, _ in series_rows], batch_size=2000)
    obs = [
        (s.pk, p, v, n, d)
        for s, (_, rows) in zip(made, series_rows, strict=True)
        for p, v, n, d in rows
    ]
    _insert_observations(obs)
    report = spc_cache.recompute_all()
    ctx.extra["measurement_improvements"] = demo_improvements()
    ctx.log(
        f"  {len(datasets)} data sets, {len(metrics)} metrics, {len(made):,} series, "
        f"{len(obs):,} observations (SPC {report.seconds:.1f} s)"
    )


def _definition_extras(by_code: dict[str, Metric], ctx: DemoContext) -> None:
    """A rebase with its reason, a trajectory and record-level definitions, for realism.

    Rebases wait for the metric owner's approval: the chief nurse owns the
    pressure ulcer rate and agreed the analyst's rebase; the fluid balance
    proposal is still waiting for its owner, the ward sister.
    """
    ps = periods("month")
    analyst = ctx.users.get("analyst")
    executive = ctx.users.get("executive")
    sister = ctx.users.get("lead")
    ulcers, fluids = by_code["pressure-ulcers"], by_code["fluid-balance"]
    for metric, user in ((ulcers, executive), (fluids, sister)):
        staff = getattr(user, "staff_member", None) if user is not None else None
        if staff is not None:
            metric.owner = staff
    Metric.objects.bulk_update([ulcers, fluids], ["owner"])
    proposed = timezone.now() - dt.timedelta(days=40)
    points = RebasePoint.objects.bulk_create(
        [
            RebasePoint(
                metric=ulcers,
                period=ps[12],
                reason="Category 2 ulcers counted from this month, after the national "
                "definition changed (NHS England, 2018 recommendations).",
                created_by=analyst,
                status=RebasePoint.Status.APPROVED,
                decided_by=executive,
                decided_at=proposed + dt.timedelta(days=3),
                decision_reason="Agreed: every ward counts category 2 ulcers from that month.",
            ),
            RebasePoint(
                metric=fluids,
                period=ps[-6],
                reason="The electronic fluid balance chart went live on every ward this month, "
                "totalling at 24 hours by itself.",
                created_by=analyst,
                status=RebasePoint.Status.PROPOSED,
            ),
        ]
    )
    RebasePoint.objects.filter(pk__in=[p.pk for p in points]).update(created_at=proposed)
    MetricTrajectory.objects.bulk_create(
        [
            MetricTrajectory(metric=by_code["sickness"], period=ps[0], target=4.5),
            MetricTrajectory(metric=by_code["sickness"], period=ps[12], target=4.2),
            MetricTrajectory(metric=by_code["sickness"], period=ps[24], target=4.0),
        ]
    )
    # Falls per 1,000 bed days needs bed days from another system, so it is
    # imported aggregated; C. difficile cases come straight from the lab extract.
    cdiff = by_code["cdiff"]
    cdiff.record_date_column = "specimen_date"
    cdiff.record_org_unit_column = "ward_code"
    cdiff.record_filter = "organism = 'C. difficile' AND onset = 'HOHA'"
    cdiff.record_numerator = "1"
    spells = by_code["discharge-before-noon"]
    spells.record_date_column = "discharge_date"
    spells.record_org_unit_column = "ward_code"
    spells.record_numerator = "CASE WHEN before_noon THEN 1 ELSE 0 END"
    spells.record_denominator = "1"
    spells.record_strata = {
        "imd_quintile": "imd_quintile",
        "ethnic_group": "ethnic_category",
        "age_band": "age_band",
        "sex": "sex",
    }
    Metric.objects.bulk_update(
        [cdiff, spells],
        [
            "record_date_column",
            "record_org_unit_column",
            "record_filter",
            "record_numerator",
            "record_denominator",
            "record_strata",
        ],
    )


STEP = DemoStep("measurement", build_measurement, reset_measurement)
