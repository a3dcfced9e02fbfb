"""The measurement demo's values: a NumPy model of each metric, its strata and rare events."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from qls.demo.measurement.catalogue import (
    CONCERN_PLAN,
    IMPROVEMENT_PLAN,
    STRATA,
    WIDENING_METRIC,
    MetricSpec,
)
from qls.demo.measurement.periods import period_days
from qls.organisation.models import Ward

# ----------------------------------------------------------------- generation


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: np.ndarray | float) -> Any:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _season(ps: Sequence[dt.date]) -> np.ndarray:
    """Winter pressure: +1 in January, -1 in July."""
    doy = np.array([p.timetuple().tm_yday for p in ps], float)
    return np.cos(2 * math.pi * (doy - 15) / 365.25)


@dataclass
class Generated:
    num: np.ndarray | None  # (units, periods)
    den: np.ndarray | None
    value: np.ndarray


def _effects(
    spec: MetricSpec, wards: list[Ward], ps: list[dt.date], plan_i: list[Any], plan_c: list[Any]
) -> np.ndarray:
    """Steps in the model scale: improvements (lasting) and recent deteriorations."""
    index = {w.code: i for i, w in enumerate(wards)}
    eff = np.zeros((len(wards), len(ps)))
    good = -1.0 if spec.direction == "decrease" else 1.0
    size = {"rate": 0.95, "prop": 1.3, "count": 0.95, "value": 3.0}.get(spec.kind, 0.0)
    if spec.kind == "value":
        size *= spec.n
    for code, ward, back in plan_i:
        if code == spec.code and ward in index:
            eff[index[ward], len(ps) - 1 - back :] += good * size
    for code, ward, back in plan_c:
        if code == spec.code and ward in index:
            start = len(ps) - 1 - back
            bump = 2.2 if back == 0 else 1.0  # a single last point must be outside the limits
            eff[index[ward], start:] -= good * size * bump
    return eff


def generate(
    spec: MetricSpec, wards: list[Ward], ps: list[dt.date], rng: np.random.Generator
) -> Generated:
    """Ward-level numerators, denominators and values for one metric."""
    n_w, n_t = len(wards), len(ps)
    beds = np.array([w.beds or 12 for w in wards], float)[:, None]
    days = period_days(spec.freq, ps)[None, :]
    season = _season(ps)[None, :]
    eff = _effects(spec, wards, ps, IMPROVEMENT_PLAN, CONCERN_PLAN)
    if spec.kind == "rate":
        occupancy = np.clip(rng.normal(0.93, 0.03, (n_w, n_t)), 0.7, 1.0)
        den = np.maximum(np.round(beds * days * occupancy), 1.0)
        ward = rng.lognormal(0.0, spec.spread, (n_w, 1))
        lam = spec.base * ward * (1 + 0.08 * season) * np.exp(eff)
        num = rng.poisson(lam * den).astype(float)
        return Generated(num, den, num / den * spec.multiplier)
    if spec.kind == "prop":
        size = spec.n * days / 7 * beds / 25
        den = np.maximum(rng.poisson(size), 1).astype(float)
        ward = rng.normal(0.0, spec.spread, (n_w, 1))
        drift = np.linspace(-0.1, 0.1, n_t)[None, :]  # slow trust-wide improvement
        drift = drift if spec.direction != "decrease" else -drift
        p = _expit(_logit(spec.base) + ward + drift + eff - 0.05 * season)
        num = rng.binomial(den.astype(np.int64), p).astype(float)
        return Generated(num, den, num / den * spec.multiplier)
    if spec.kind == "count":
        ward = rng.lognormal(0.0, spec.spread, (n_w, 1))
        lam = spec.base * beds / 25 * days / 30.4 * ward * (1 + 0.1 * season) * np.exp(eff)
        value = rng.poisson(lam).astype(float)
        return Generated(None, None, value)
    # value (XmR)
    ward = rng.normal(0.0, spec.spread, (n_w, 1))
    noise = rng.normal(0.0, spec.n, (n_w, n_t))
    value = spec.base + ward + noise + eff + 0.15 * spec.n * season
    if spec.code == "staff-engagement":
        value = np.clip(value, 0, 10)
    return Generated(None, None, np.round(value, 2))


def aggregate(spec: MetricSpec, gen: Generated, groups: list[np.ndarray], beds: np.ndarray):
    """Site or trust rows from ward rows: sums for counts and ratios, a bed-weighted mean."""
    out = []
    for members in groups:
        if gen.num is not None and gen.den is not None:
            num = gen.num[members].sum(0)
            den = gen.den[members].sum(0)
            out.append((num, den, num / den * spec.multiplier))
        elif spec.kind == "count":
            out.append((None, None, gen.value[members].sum(0)))
        else:
            w = beds[members][:, None]
            out.append((None, None, np.round((gen.value[members] * w).sum(0) / w.sum(), 2)))
    return out


def strata_rows(
    spec: MetricSpec,
    num: np.ndarray | None,
    den: np.ndarray | None,
    value: np.ndarray,
    rng: np.random.Generator,
) -> list[tuple[str, str, np.ndarray | None, np.ndarray | None, np.ndarray]]:
    """Split one unit's rows into strata with the most deprived (and others) doing worse.

    Counts are split, not drawn afresh: each dimension's denominators and
    numerators add up exactly to the unit's own, as a real extract's would.
    """
    bad = 1.0 if spec.direction == "decrease" else -1.0
    n_t = len(value)
    out = []
    for dimension, groups in STRATA.items():
        effects = np.zeros((len(groups), n_t))
        for g, (code, _share, effect) in enumerate(groups):
            effects[g] = effect
            if spec.code == WIDENING_METRIC and dimension == "imd_quintile" and code == "1":
                effects[g, -12:] += np.linspace(0.05, 0.6, 12)
        if spec.kind in ("prop", "rate") and den is not None and num is not None:
            shares = np.array([share for _c, share, _e in groups])
            ds, ns = _split_counts(spec, num, den, shares / shares.sum(), bad * effects, rng)
            for g, (code, _share, _effect) in enumerate(groups):
                d, n = ds[g], ns[g]
                shown = n / np.maximum(d, 1) * spec.multiplier
                out.append((dimension, code, n, d, np.where(d > 0, shown, np.nan)))
            continue
        for g, (code, share, _effect) in enumerate(groups):
            noise = rng.normal(0.0, spec.n / math.sqrt(max(share, 0.01) * 10), n_t)
            v = np.round(value * (1 + effects[g] * bad * 0.3) + noise, 2)
            out.append((dimension, code, None, None, v))
    return out


def _split_counts(
    spec: MetricSpec,
    num: np.ndarray,
    den: np.ndarray,
    shares: np.ndarray,
    effects: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Denominators and numerators per group (groups x periods) that sum to the unit's."""
    den_i = den.astype(np.int64)
    num_i = num.astype(np.int64)
    ds = rng.multinomial(den_i, shares).T.astype(float)  # (groups, periods)
    overall = num / np.maximum(den, 1)
    if spec.kind == "prop":
        rate = _expit(_logit(overall)[None, :] + effects)
    else:
        rate = overall[None, :] * np.exp(effects)
    weight = ds * rate
    total = weight.sum(0)
    pvals = np.where(total > 0, weight / np.where(total > 0, total, 1), shares[:, None])
    ns = rng.multinomial(num_i, pvals.T).T.astype(float)
    if spec.kind == "prop":
        # A group cannot have more successes than people: pass any excess on.
        for _ in range(len(shares)):
            excess = np.maximum(ns - ds, 0)
            if not excess.any():
                break
            ns -= excess
            room = ds - ns
            spare = excess.sum(0)
            share_room = room / np.where(room.sum(0) > 0, room.sum(0), 1)
            extra = np.floor(share_room * spare)
            extra[np.argmax(room, axis=0), np.arange(ns.shape[1])] += spare - extra.sum(0)
            ns += extra
    return ds, ns


def rare_events(spec: MetricSpec, start: dt.date, end: dt.date, rng: np.random.Generator):
    """(date, days since the previous event) for a rare-event series; gaps lengthen later."""
    events = []
    when = start
    span = (end - start).days
    while True:
        progress = (when - start).days / span
        mean = spec.base * (1 + 0.8 * max(0.0, progress - 0.55) / 0.45)
        gap = max(1, round(rng.exponential(mean)))
        when = when + dt.timedelta(days=gap)
        if when > end:
            break
        events.append((when, float(gap)))
    return events
