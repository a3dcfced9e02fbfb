"""Health inequalities: strata of a metric, grouped ethnicity, and the gaps between groups.

* Stratified series (IMD quintile, age band, sex) are ordinary series with a
  stratum, so their SPC comes from the cache.
* Ethnicity is recorded as NHS Data Dictionary ETHNIC CATEGORY codes (A to S,
  Z). Single categories are often too small to chart, so they are summed
  into the Data Dictionary's five groups plus "not stated" (numerators and
  denominators add up; counts add up; other values are weighted by the
  denominator where there is one, else averaged), and those few series are
  analysed in one engine call.
* Every split (deprivation, ethnic group, age band, sex) has a gap: one
  group against a reference group, period by period and pooled over the
  latest year, with the intervals in :mod:`qls.measurement.gaps`. By
  default IMD quintile 1 (most deprived) against quintile 5 (least
  deprived); for other splits the group furthest behind the largest. The
  gap per period gets its own XmR chart with the metric's improvement
  direction, so a gap moving the wrong way (the group falling further
  behind) shows as special cause concern, and is an early warning.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import numpy as np
from django.db.models import Q
from django.urls import reverse

from qls.core import periods
from qls.measurement import gaps
from qls.measurement.models import ChartType, Metric, Observation, Series, StratumDimension
from qls.spc import analyse, scaling, xmr

MOST_DEPRIVED, LEAST_DEPRIVED = "1", "5"
IMD_LABELS = {
    "1": "1 (most deprived)",
    "2": "2",
    "3": "3",
    "4": "4",
    "5": "5 (least deprived)",
}
# NHS Data Dictionary ETHNIC CATEGORY (2001 census classification) and its groups.
ETHNIC_CATEGORIES: dict[str, tuple[str, str]] = {
    "A": ("British", "White"),
    "B": ("Irish", "White"),
    "C": ("Any other White background", "White"),
    "D": ("White and Black Caribbean", "Mixed"),
    "E": ("White and Black African", "Mixed"),
    "F": ("White and Asian", "Mixed"),
    "G": ("Any other mixed background", "Mixed"),
    "H": ("Indian", "Asian or Asian British"),
    "J": ("Pakistani", "Asian or Asian British"),
    "K": ("Bangladeshi", "Asian or Asian British"),
    "L": ("Any other Asian background", "Asian or Asian British"),
    "M": ("Caribbean", "Black or Black British"),
    "N": ("African", "Black or Black British"),
    "P": ("Any other Black background", "Black or Black British"),
    "R": ("Chinese", "Other ethnic groups"),
    "S": ("Any other ethnic group", "Other ethnic groups"),
    "Z": ("Not stated", "Not stated"),
    "99": ("Not known", "Not stated"),
}
ETHNIC_GROUPS = [
    "White",
    "Mixed",
    "Asian or Asian British",
    "Black or Black British",
    "Other ethnic groups",
    "Not stated",
]
SEX_LABELS = {"F": "Female", "M": "Male", "1": "Male", "2": "Female", "9": "Not specified"}
YEAR = periods.PER_YEAR


def stratum_label(dimension: str, value: str) -> str:
    if dimension == StratumDimension.IMD_QUINTILE:
        return f"IMD quintile {IMD_LABELS.get(value, value)}"
    if dimension == StratumDimension.ETHNIC_GROUP:
        name, group = ETHNIC_CATEGORIES.get(value, (value, value))
        return f"{group}: {name}" if name != group else group
    if dimension == StratumDimension.SEX:
        return SEX_LABELS.get(value, value)
    return f"Age {value}"


def _sort_key(dimension: str, value: str) -> Any:
    if dimension == StratumDimension.AGE_BAND:
        head = value.split("-")[0].rstrip("+")
        return int(head) if head.isdigit() else 999
    if dimension == StratumDimension.ETHNIC_GROUP:
        return list(ETHNIC_CATEGORIES).index(value) if value in ETHNIC_CATEGORIES else 99
    return value


def strata(
    metric: Metric, level: str, site_id: int | None, seen: Q | None = None
) -> dict[str, list[Series]]:
    """The metric's stratified series at one unit, by dimension, in display order;
    with ``seen`` (``sharing.Viewer.filter``), only those a person may see."""
    qs = (
        Series.objects.filter(
            Q() if seen is None else seen, metric=metric, level=level, site_id=site_id, ward=None
        )
        .exclude(stratum_dimension="")
        .select_related("metric", "site")
        .defer("spc_points")
    )
    out: dict[str, list[Series]] = defaultdict(list)
    for s in qs:
        out[s.stratum_dimension].append(s)
    for dimension, items in out.items():
        items.sort(key=lambda s, d=dimension: _sort_key(d, s.stratum_value))
    return dict(out)


def _observations(series_ids: list[int]) -> dict[int, list[tuple[dt.date, float, Any, Any]]]:
    rows: dict[int, list[tuple[dt.date, float, Any, Any]]] = defaultdict(list)
    qs = Observation.objects.filter(series_id__in=series_ids).order_by("series_id", "period")
    for sid, period, value, num, den in qs.values_list(
        "series_id", "period", "value", "numerator", "denominator"
    ):
        rows[sid].append((period, value, num, den))
    return rows


# ----------------------------------------------------------------- grouped ethnicity


@dataclass
class GroupedSeries:
    """Ethnic-group series summed from their categories, analysed in one call."""

    result: Any  # qls.spc AnalysisResult; series ids are group names
    groups: list[str]
    members: dict[str, list[str]]  # group -> category labels included
    multiplier: float = 1.0
    unit: str = ""
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def grouped_ethnicity(metric: Metric, series: list[Series]) -> GroupedSeries | None:
    """Sum category series into the Data Dictionary groups and analyse them together."""
    if not series:
        return None
    obs = _observations([s.pk for s in series])
    by_group: dict[str, dict[dt.date, list[float]]] = defaultdict(
        lambda: defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    )
    members: dict[str, list[str]] = defaultdict(list)
    for s in series:
        name, group = ETHNIC_CATEGORIES.get(s.stratum_value, (s.stratum_value, "Not stated"))
        members[group].append(name)
        for period, value, num, den in obs.get(s.pk, []):
            acc = by_group[group][period]
            acc[0] += num or 0.0
            acc[1] += den or 0.0
            acc[2] += value
            acc[3] += 1
    ratio = metric.chart_type in (ChartType.P, ChartType.U)
    groups = [g for g in ETHNIC_GROUPS if g in by_group]
    ids, xs, ys, nums, dens = [], [], [], [], []
    for g in groups:
        for period in sorted(by_group[g]):
            n, d, v, k = by_group[g][period]
            if ratio and d <= 0:
                continue
            ids.append(groups.index(g))
            xs.append((period - dt.date(1970, 1, 1)).days)
            nums.append(n)
            dens.append(d)
            ys.append(v if metric.chart_type in (ChartType.C, ChartType.G) else v / k)
    if not ids:
        return None
    # Integer ids: NumPy text ids would send the engine through pandas.
    points: dict[str, Any] = {"series_id": np.array(ids, np.int64), "x": np.array(xs, np.int64)}
    if ratio:
        points["numerator"] = np.array(nums)
        points["denominator"] = np.array(dens)
    else:
        points["y"] = np.array(ys, float)
    options = {
        "series_id": list(range(len(groups))),
        "improvement_direction": [metric.improvement_direction] * len(groups),
    }
    chart = metric.chart_type if metric.chart_type != ChartType.T else ChartType.XMR
    result = analyse(points, options, chart=chart)
    return GroupedSeries(
        result=result,
        groups=groups,
        members=dict(members),
        multiplier=scaling.factor(metric.chart_type, metric.multiplier),
        unit=metric.unit,
    )


def grouped_rows(grouped: GroupedSeries, group: str) -> list[dict[str, Any]]:
    """Point rows of one ethnic group, x as dates and scaled like the cache."""
    rows = grouped.result.series_points(grouped.groups.index(group)).to_pylist()
    for r in rows:
        r["x"] = dt.date(1970, 1, 1) + dt.timedelta(days=int(r["x"]))
    scaling.rows_to_display(rows, grouped.multiplier)
    return rows


# ----------------------------------------------------------------- groups of a split


NOT_STATED = {"Not stated", "Z", "99", "9"}


@dataclass
class Group:
    """One group of a split at one unit: a stratum, or ethnic categories summed.

    ``rows`` maps each period to (value in metric units, numerator, denominator);
    numerator and denominator are None where the metric has none.
    """

    key: str
    label: str
    rows: dict[dt.date, tuple[float, float | None, float | None]]

    @property
    def size(self) -> float:
        """Patients (the summed denominator) in the group, for the default reference."""
        return float(sum(d or 0.0 for _v, _n, d in self.rows.values()))


def _group_key(dimension: str, value: str) -> tuple[str, str]:
    if dimension == StratumDimension.ETHNIC_GROUP:
        _name, group = ETHNIC_CATEGORIES.get(value, (value, "Not stated"))
        return group, group
    return value, stratum_label(dimension, value)


def split_groups(metric: Metric, dimension: str, items: list[Series]) -> list[Group]:
    """The groups of one split at one unit, in display order.

    Ethnic categories are summed into their Data Dictionary groups, so every
    split's groups together hold the unit's whole population: numerators and
    denominators add up to the unit's own, and a gap is taken between two
    parts of that same total.
    """
    obs = _observations([s.pk for s in items])
    m = scaling.factor(metric.chart_type, metric.multiplier)
    ratio = metric.chart_type in (ChartType.P, ChartType.U)
    summed = metric.chart_type in (ChartType.C, ChartType.G)
    acc: dict[str, dict[dt.date, list[float]]] = defaultdict(
        lambda: defaultdict(lambda: [0.0, 0.0, 0.0, 0, 0.0])
    )
    labels: dict[str, str] = {}
    order: dict[str, Any] = {}
    for s in items:
        key, label = _group_key(dimension, s.stratum_value)
        labels[key] = label
        if dimension == StratumDimension.ETHNIC_GROUP:
            order[key] = ETHNIC_GROUPS.index(key) if key in ETHNIC_GROUPS else 99
        else:
            order[key] = _sort_key(dimension, s.stratum_value)
        for period, value, num, den in obs.get(s.pk, []):
            a = acc[key][period]
            a[0] += num or 0.0
            a[1] += den or 0.0
            a[2] += value
            a[3] += 1
            a[4] += value * (den or 0.0)
    out = []
    for key in sorted(acc, key=lambda k: (order[k], k)):
        rows: dict[dt.date, tuple[float, float | None, float | None]] = {}
        for period, (n, d, v, k, vd) in sorted(acc[key].items()):
            if ratio:
                if d <= 0:
                    continue
                rows[period] = (scaling.to_display(n / d, m), n, d)
            elif summed:
                rows[period] = (v, None, None)
            else:
                value = vd / d if d > 0 else v / k
                rows[period] = (value, None, d or None)
        out.append(Group(key=key, label=labels[key], rows=rows))
    return out


def default_reference(dimension: str, groups: list[Group]) -> Group | None:
    """The least deprived for deprivation; else the largest group (not "not stated")."""
    if not groups:
        return None
    if dimension == StratumDimension.IMD_QUINTILE:
        for g in groups:
            if g.key == LEAST_DEPRIVED:
                return g
    stated = [g for g in groups if g.key not in NOT_STATED] or groups
    return max(stated, key=lambda g: g.size)  # max keeps the first of equals


def _pooled(metric: Metric, group: Group, periods: list[dt.date]) -> float:
    rows = [group.rows[p] for p in periods if p in group.rows]
    if not rows:
        return math.nan
    if metric.chart_type in (ChartType.P, ChartType.U):
        den = sum(d or 0.0 for _v, _n, d in rows)
        by = scaling.factor(metric.chart_type, metric.multiplier)
        return scaling.to_display(sum(n or 0.0 for _v, n, _d in rows) / den, by)
    return float(np.mean([v for v, _n, _d in rows]))


def default_focus(
    metric: Metric, dimension: str, groups: list[Group], reference: Group
) -> Group | None:
    """The most deprived for deprivation; else the group furthest behind the reference
    over the latest year (in the metric's improvement direction)."""
    others = [g for g in groups if g.key != reference.key]
    if not others:
        return None
    if dimension == StratumDimension.IMD_QUINTILE:
        for g in others:
            if g.key == MOST_DEPRIVED:
                return g
    stated = [g for g in others if g.key not in NOT_STATED] or others
    window = YEAR.get(metric.frequency, 12)
    latest = sorted(reference.rows)[-window:]
    ref = _pooled(metric, reference, latest)
    sign = {"decrease": 1.0, "increase": -1.0}.get(metric.improvement_direction)

    def behind(g: Group) -> float:
        d = _pooled(metric, g, latest) - ref
        if not math.isfinite(d):
            return -math.inf
        return d * sign if sign is not None else abs(d)

    return max(stated, key=behind)


# ----------------------------------------------------------------- the gap


@dataclass
class GapSummary:
    label: str  # "Latest 12 months" ...
    start: dt.date
    end: dt.date
    most: float  # the focus group (most deprived for deprivation)
    least: float  # the reference group
    gap: gaps.Gap


@dataclass
class GapAnalysis:
    kind: str  # proportion, rate, value
    periods: list[dt.date]
    most: np.ndarray  # value per period, metric units (the focus group)
    least: np.ndarray  # (the reference group)
    per_period: gaps.Gap  # difference in metric units
    result: Any  # XmR of the difference
    summaries: list[GapSummary]
    multiplier: float
    direction: str
    focus: str = "IMD quintile 1 (most deprived)"
    reference: str = "IMD quintile 5 (least deprived)"

    @property
    def limits(self) -> tuple[float | None, float | None, float | None]:
        """Mean and process limits of the gap's latest XmR segment."""
        s = self.result.summary.to_pylist()[0]
        return tuple(_finite(s.get(k)) for k in ("last_mean", "last_lpl", "last_upl"))  # type: ignore[return-value]


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def deprivation_gap(metric: Metric, imd_series: list[Series]) -> GapAnalysis | None:
    """Quintile 1 against quintile 5: per period, pooled per year, and its XmR chart."""
    groups = {g.key: g for g in split_groups(metric, StratumDimension.IMD_QUINTILE, imd_series)}
    q1, q5 = groups.get(MOST_DEPRIVED), groups.get(LEAST_DEPRIVED)
    if q1 is None or q5 is None:
        return None
    return gap_between(metric, q1, q5)


def gap_between(metric: Metric, focus: Group, reference: Group) -> GapAnalysis | None:
    """``focus`` minus ``reference``: per period, pooled per year, and its XmR chart.

    The gap per period gets its own XmR chart with the metric's improvement
    direction, so a gap moving the wrong way (the focus group falling further
    behind) shows as special cause concern.
    """
    a, b = focus.rows, reference.rows
    periods = sorted(set(a) & set(b))
    if len(periods) < 2:
        return None
    m = scaling.factor(metric.chart_type, metric.multiplier)
    kind = {ChartType.P: "proportion", ChartType.U: "rate"}.get(metric.chart_type, "value")
    va = np.array([a[p][0] for p in periods], float)
    vb = np.array([b[p][0] for p in periods], float)
    if kind != "value":
        na = np.array([a[p][1] or 0 for p in periods], float)
        da = np.array([a[p][2] or 0 for p in periods], float)
        nb = np.array([b[p][1] or 0 for p in periods], float)
        db = np.array([b[p][2] or 0 for p in periods], float)
    per_period = _gap(kind, m, *(na, da, nb, db) if kind != "value" else (va, vb))
    diff = np.asarray(per_period.difference, float)
    ok = np.isfinite(diff)
    if ok.sum() < 2:
        return None
    result = xmr(
        diff[ok],
        x=np.array(
            [(p - dt.date(1970, 1, 1)).days for p, good in zip(periods, ok, strict=True) if good]
        ),
        improvement_direction=metric.improvement_direction,
    )
    summaries = []
    window = YEAR.get(metric.frequency, 12)
    for label, lo, hi in (
        ("Latest year", len(periods) - window, len(periods)),
        ("Year before", len(periods) - 2 * window, len(periods) - window),
    ):
        lo = max(lo, 0)
        if hi - lo < 1:
            continue
        sl = slice(lo, hi)
        if kind == "value":
            g = gaps.value_gap(float(np.mean(va[sl])), float(np.mean(vb[sl])))
            most, least = float(np.mean(va[sl])), float(np.mean(vb[sl]))
        else:
            sums = [float(x[sl].sum()) for x in (na, da, nb, db)]
            g = _gap(kind, m, *sums)
            most = scaling.to_display(sums[0] / sums[1], m) if sums[1] else math.nan
            least = scaling.to_display(sums[2] / sums[3], m) if sums[3] else math.nan
        summaries.append(GapSummary(label, periods[lo], periods[hi - 1], most, least, g))
    return GapAnalysis(
        kind=kind,
        periods=periods,
        most=va,
        least=vb,
        per_period=per_period,
        result=result,
        summaries=summaries,
        multiplier=m,
        direction=metric.improvement_direction,
        focus=focus.label,
        reference=reference.label,
    )


def _gap(kind: str, m: float, *args: Any) -> gaps.Gap:
    """The gap in the metric's own units (percentage points, rate per 1,000...)."""
    if kind == "rate":
        return gaps.rate_gap(*args, multiplier=m)
    if kind == "proportion":
        g = gaps.proportion_gap(*args)
        return gaps.Gap(
            difference=scaling.to_display(g.difference, m),
            difference_low=scaling.to_display(g.difference_low, m),
            difference_high=scaling.to_display(g.difference_high, m),
            ratio=g.ratio,
            ratio_low=g.ratio_low,
            ratio_high=g.ratio_high,
            method=g.method,
            wald_low=scaling.to_display(g.wald_low, m),
            wald_high=scaling.to_display(g.wald_high, m),
        )
    return gaps.value_gap(*args)


def gap_rows(analysis: GapAnalysis) -> list[dict[str, Any]]:
    """Point rows of the gap chart with dates as x."""
    rows = analysis.result.series_points(0).to_pylist()
    for r in rows:
        r["x"] = dt.date(1970, 1, 1) + dt.timedelta(days=int(r["x"]))
    return rows


# ----------------------------------------------------------------- gaps as early warnings

CONCERN = "special_cause_concern"
GAP_RULES = ("rule_astronomical", "rule_trend", "rule_two_of_three", "rule_shift")


@dataclass
class GapSignal:
    """The latest points of a gap's XmR chart, read as the early warnings read a series."""

    latest: bool  # the latest point itself is a concern
    recent: int  # concern points among the latest three
    since: dt.date | None  # first of the unbroken run of concern points ending now
    rules: list[str]  # rules met by the latest point (names as in the SPC cache)
    latest_period: dt.date
    latest_value: float


def gap_signal(analysis: GapAnalysis, recent: int = 3) -> GapSignal | None:
    """How the gap's chart ends; None when none of its latest points is a concern."""
    rows = [r for r in gap_rows(analysis) if r.get("y") is not None]
    if not rows:
        return None
    types = [r.get("point_type") for r in rows]
    n_recent = sum(t == CONCERN for t in types[-recent:])
    if n_recent == 0:
        return None
    last = rows[-1]
    latest = types[-1] == CONCERN
    since = None
    if latest:
        k = len(rows) - 1
        while k > 0 and types[k - 1] == CONCERN:
            k -= 1
        since = rows[k]["x"]
    return GapSignal(
        latest=latest,
        recent=n_recent,
        since=since,
        rules=[r for r in GAP_RULES if last.get(r)] if latest else [],
        latest_period=last["x"],
        latest_value=float(last["y"]),
    )


@dataclass
class SplitGap:
    """A split's default comparison at one unit, as its inequality page first shows it."""

    dimension: str
    focus: Group
    reference: Group
    analysis: GapAnalysis


def default_gaps(metric: Metric, level: str, site_id: int | None) -> list[SplitGap]:
    """Each split's default gap at one unit (the focus group against the reference)."""
    out = []
    for dimension, items in strata(metric, level, site_id).items():
        groups = split_groups(metric, dimension, items)
        reference = default_reference(dimension, groups)
        if reference is None:
            continue
        focus = default_focus(metric, dimension, groups, reference)
        if focus is None:
            continue
        analysis = gap_between(metric, focus, reference)
        if analysis is not None:
            out.append(SplitGap(dimension, focus, reference, analysis))
    return out


def comparison_label(split: SplitGap) -> str:
    """ "most vs least deprived", or "Black or Black British vs White"."""
    if (
        split.dimension == StratumDimension.IMD_QUINTILE
        and split.focus.key == MOST_DEPRIVED
        and split.reference.key == LEAST_DEPRIVED
    ):
        return "most vs least deprived"
    return f"{split.focus.label} vs {split.reference.label}"


def gap_unit(metric: Metric, analysis: GapAnalysis) -> str:
    """The gap's unit: percentage points for a percentage, else the metric's own."""
    return "percentage points" if analysis.kind == "proportion" else metric.unit


def gap_url(metric: Metric, site: Any, split: SplitGap) -> str:
    """The inequality page showing this gap."""
    query = {"split": split.dimension, "ref": split.reference.key, "group": split.focus.key}
    if site is not None:
        query = {"unit": site.code, **query}
    url = reverse("measurement:inequalities", args=[metric.code])
    return f"{url}?{urlencode(query)}#gap"


def unaccounted(
    metric: Metric, level: str, site_id: int | None, groups: list[Group]
) -> list[tuple[dt.date, float, float]]:
    """Periods where a split's denominators do not add up to the unit's own total.

    (period, sum of the groups, total), for metrics with a denominator. A
    gap is meant between parts of one whole; a group left over from an
    earlier import, or a missing one, breaks that and the page says so.
    """
    if metric.chart_type not in (ChartType.P, ChartType.U):
        return []
    total = Series.objects.filter(
        metric=metric, level=level, site_id=site_id, ward=None, stratum_dimension=""
    ).first()
    if total is None:
        return []
    whole = dict(Observation.objects.filter(series=total).values_list("period", "denominator"))
    parts: dict[dt.date, float] = defaultdict(float)
    for g in groups:
        for period, (_v, _n, d) in g.rows.items():
            parts[period] += d or 0.0
    return [
        (p, parts[p], whole[p])
        for p in sorted(parts)
        if p in whole and whole[p] is not None and abs(parts[p] - whole[p]) > 1e-6
    ]
