"""Batch SPC for many series at once, cached on each ``Series``.

Pages never compute SPC: they read what this module stored. The work is:

1. load the observations of the series asked for, sorted by (series, period),
   in one query;
2. group the series by their metric's chart type and call ``qls.spc.analyse``
   once per chart type, with one options row per series (improvement
   direction, target, rebase points);
3. write back, per series: the variation and assurance icons, the latest
   period and value, a compact column-wise copy of the points
   (``spc_points``) and a summary (``spc_summary``) holding what the early
   warning list and the summary matrix need.

Callers:

* ``recompute_series(ids)`` after observations change (the importer, the
  API push, the demo);
* ``recompute_metric(metric)`` after a metric's definition, target,
  trajectory or rebase points change (wired to signals in ``receivers.py``
  via :func:`schedule_metric`);
* ``recompute_all()`` from ``manage.py recompute_spc``.

Each recompute of stored series ends by sending ``signals.series_changed``.

Mapping a metric onto the engine:

* p and u charts take numerator and denominator; the engine works in
  proportions and rates per one, so ``spc_points`` is scaled by the
  metric's ``multiplier`` (100 for a percentage, 1,000 for a rate per 1,000
  bed days) and the target is divided by it on the way in.
* A trajectory gives a target per period: the assurance icon uses the target
  in force at the latest period, and each stored point carries its own.
* A rebase point that falls between two periods of a series starts the new
  segment at the first period on or after it (the engine wants an x of the
  series); one after the last period is ignored.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson
from django.db import connection, models, transaction
from django.utils import timezone

from qls.measurement.models import (
    ChartType,
    Metric,
    Observation,
    Series,
)
from qls.measurement.signals import series_changed
from qls.spc import POINT_TYPES, SpcInputError, analyse, scaling

log = logging.getLogger(__name__)

RATIO_CHARTS = {ChartType.P, ChartType.U}
RULES = ("rule_astronomical", "rule_trend", "rule_two_of_three", "rule_shift")
RULE_BITS = {name: 1 << i for i, name in enumerate(RULES)}
CONCERN_ICONS = ("special_cause_concern_high", "special_cause_concern_low")
IMPROVEMENT_ICONS = ("special_cause_improvement_high", "special_cause_improvement_low")
RECENT = 3  # "latest points" for the early warning list
CONCERN = POINT_TYPES.index("special_cause_concern")
IMPROVEMENT = POINT_TYPES.index("special_cause_improvement")
CACHE_WRITE_FIELDS = [
    "variation_icon",
    "assurance_icon",
    "latest_period",
    "latest_value",
    "is_stale",
    "spc_computed_at",
    "spc_points",
    "spc_summary",
]
JSON_OPTIONS = orjson.OPT_SERIALIZE_NUMPY
CHUNK = 4000  # series per pass: bounds memory and the size of IN (...) lists


@dataclass
class RecomputeReport:
    series: int = 0
    points: int = 0
    failed: int = 0
    seconds: float = 0.0


# --------------------------------------------------------------------- entry points


def recompute_series(series_ids: Iterable[int]) -> RecomputeReport:
    """Recompute and store SPC for these series (call after their data change)."""
    ids = sorted({int(i) for i in series_ids})
    report = RecomputeReport()
    started = timezone.now()
    for lo in range(0, len(ids), CHUNK):
        _recompute(Series.objects.filter(pk__in=ids[lo : lo + CHUNK]), report, by_ids=True)
    report.seconds = (timezone.now() - started).total_seconds()
    if ids:
        series_changed.send(sender=Series, series_ids=ids)
    return report


def recompute_metric(metric: Metric | int) -> RecomputeReport:
    """Recompute every series of a metric (after its definition changed)."""
    metric_id = metric.pk if isinstance(metric, Metric) else int(metric)
    ids = list(Series.objects.filter(metric_id=metric_id).values_list("pk", flat=True))
    return recompute_series(ids)


def recompute_all() -> RecomputeReport:
    """Recompute every series of every metric."""
    return recompute_series(Series.objects.values_list("pk", flat=True))


def recompute_stale() -> RecomputeReport:
    """Recompute the series marked stale (a safety net for changes made in bulk)."""
    return recompute_series(Series.objects.filter(is_stale=True).values_list("pk", flat=True))


def results_as_of(series_ids: Iterable[int], until: dt.date) -> list[Series]:
    """SPC of these series on their observations up to ``until``, not stored.

    The same batch as the cache (one engine call per chart type, the same
    rounding, icons and summary), for a picture of the data as it stood on a
    date: board reports freeze these into their editions. Each ``Series``
    comes back with its cache fields filled in memory and its database row
    untouched; one with no observations by then has empty points.
    """
    ids = sorted({int(i) for i in series_ids})
    found: list[Series] = []
    for lo in range(0, len(ids), CHUNK):
        queryset = Series.objects.filter(pk__in=ids[lo : lo + CHUNK])
        found += _recompute(queryset, RecomputeReport(), by_ids=True, until=until, write=False)
    return found


def mark_stale(series_ids: Iterable[int]) -> None:
    Series.objects.filter(pk__in=list(series_ids)).update(is_stale=True)


def schedule_series(series_ids: Iterable[int]) -> None:
    """Recompute these series once the current transaction commits (deduplicated)."""
    _queue(series={int(i) for i in series_ids})


def schedule_metric(metric_id: int) -> None:
    """Recompute a metric's series once the current transaction commits."""
    _queue(metrics={int(metric_id)})


@dataclass
class _Pending:
    series: set[int]
    metrics: set[int]
    done: bool = False

    def __call__(self) -> None:
        self.done = True
        ids = set(self.series)
        if self.metrics:
            ids.update(
                Series.objects.filter(metric_id__in=self.metrics).values_list("pk", flat=True)
            )
        if ids:
            recompute_series(ids)


def _queue(*, series: set[int] | None = None, metrics: set[int] | None = None) -> None:
    """Add work to the current transaction's single commit callback.

    Outside a transaction the work runs at once. Inside one, the callback
    already registered (and neither run nor discarded by a rollback)
    collects the ids, so a form that saves a metric and three rebase points
    recomputes once.
    """
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        _Pending(set(series or ()), set(metrics or ()))()
        return
    current = getattr(conn, "_qls_spc_pending", None)
    if (
        current is None
        or current.done
        or not any(entry[1] is current for entry in conn.run_on_commit)
    ):
        current = _Pending(set(), set())
        conn._qls_spc_pending = current
        transaction.on_commit(current)
    current.series.update(series or ())
    current.metrics.update(metrics or ())


# --------------------------------------------------------------------- the batch


@dataclass
class _Options:
    direction: str
    target: float | None  # display units, in force at the last period
    engine_target: float | None
    rebase: list[dt.date]
    trajectory: list[tuple[dt.date, float]]
    base_target: float | None = None  # the metric's own target, before any trajectory step


def _recompute(
    queryset: Any,
    report: RecomputeReport,
    *,
    by_ids: bool,
    until: dt.date | None = None,
    write: bool = True,
) -> list[Series]:
    series = list(queryset.select_related("metric").only(*_SERIES_ONLY))
    if not series:
        return series
    metrics = {s.metric_id: s.metric for s in series}
    rebases = _rebases(metrics)
    trajectories = _trajectories(metrics)
    ids = [s.pk for s in series]
    sid, period, value, num, den = _load(ids, by_ids=by_ids, until=until)
    report.points += len(sid)
    now = timezone.now()
    by_chart: dict[str, list[Series]] = defaultdict(list)
    for s in series:
        by_chart[s.metric.chart_type].append(s)
    # Row range of each series in the sorted observation arrays.
    starts = np.searchsorted(sid, ids, side="left")
    ends = np.searchsorted(sid, ids, side="right")
    span = {i: (int(a), int(b)) for i, a, b in zip(ids, starts, ends, strict=True)}

    for chart, members in by_chart.items():
        with_data = []
        for s in members:
            if span[s.pk][1] > span[s.pk][0]:
                with_data.append(s)
            else:
                _clear(s, now)
        if not with_data:
            continue
        options = {
            s.pk: _options(s.metric, rebases, trajectories, period, span[s.pk]) for s in with_data
        }
        done = _analyse_chart(chart, with_data, options, span, sid, period, value, num, den, now)
        report.failed += len(with_data) - done
    if write:
        _write(series)
    report.series += len(series)
    return series


def _load(ids: list[int], *, by_ids: bool, until: dt.date | None = None) -> tuple[np.ndarray, ...]:
    """Observations of these series as arrays sorted by (series, period), in one query.

    A raw query: periods come back as whole days since 1970 (so NumPy needs
    no date parsing) and missing numerators as -1 (real ones are never
    negative), which lets one ``np.array`` call build every column.
    """
    table = connection.ops.quote_name(Observation._meta.db_table)
    if connection.vendor == "sqlite":
        day = "CAST(julianday(period) - 2440587.5 AS INTEGER)"
    else:
        day = "(period - DATE '1970-01-01')"
    sql = (
        f"SELECT series_id, {day}, value, COALESCE(numerator, -1), COALESCE(denominator, -1) "
        f"FROM {table}"
    )
    params: list[Any] = []
    where = []
    if by_ids:
        where.append(f"series_id IN ({', '.join(['%s'] * len(ids))})")
        params = list(ids)
    if until is not None:
        where.append("period <= %s")
        params.append(until)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY series_id, period"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        empty = np.empty(0, np.float64)
        return np.empty(0, np.int64), np.empty(0, "datetime64[D]"), empty, empty, empty
    table_ = np.array(rows, dtype=np.float64)
    sid = table_[:, 0].astype(np.int64)
    period = table_[:, 1].astype(np.int64).astype("datetime64[D]")
    num = table_[:, 3]
    den = table_[:, 4]
    num[num < 0] = np.nan
    den[den < 0] = np.nan
    return sid, period, np.ascontiguousarray(table_[:, 2]), num.copy(), den.copy()


def _write(series: list[Series]) -> None:
    """Store the cache columns with one prepared UPDATE per row, run as a batch.

    ``bulk_update`` builds a CASE expression per field per row, which costs
    seconds for a few thousand series; an ``executemany`` of a plain UPDATE
    costs milliseconds. The two JSON columns are encoded with orjson (the
    standard encoder spent over a second on the full demo's points; the
    stored JSON is the same) and cast to jsonb on PostgreSQL; other values are
    prepared by their fields, so dates are adapted the way each database wants.
    """
    fields: list[models.Field] = []
    for name in CACHE_WRITE_FIELDS:
        field = Series._meta.get_field(name)
        assert isinstance(field, models.Field)  # concrete columns, not relations
        fields.append(field)
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(Series._meta.db_table),
        ", ".join(
            f"{quote(str(f.column))} = %s{cast if f.attname in json_fields else ''}" for f in fields
        ),
        quote(str(Series._meta.pk.column)),
    )

    def prepared(s: Series, field: models.Field) -> Any:
        value = getattr(s, field.attname)
        if field.attname in json_fields:
            return None if value is None else orjson.dumps(value, option=JSON_OPTIONS).decode()
        return field.get_db_prep_save(value, connection)

    params = [[prepared(s, f) for f in fields] + [s.pk] for s in series]
    with transaction.atomic(), connection.cursor() as cursor:
        for lo in range(0, len(params), 1000):
            cursor.executemany(sql, params[lo : lo + 1000])


_SERIES_ONLY = (
    "id",
    "metric_id",
    "level",
    "site_id",
    "ward_id",
    "stratum_dimension",
    "stratum_value",
    "metric__id",
    "metric__code",
    "metric__chart_type",
    "metric__improvement_direction",
    "metric__target",
    "metric__multiplier",
)


def _rebases(metrics: dict[int, Metric]) -> dict[int, list[dt.date]]:
    from qls.measurement.models import RebasePoint

    out: dict[int, list[dt.date]] = defaultdict(list)
    # Only an approved rebase moves the limits; a proposal waits for its decision.
    approved = RebasePoint.objects.filter(
        metric_id__in=list(metrics), status=RebasePoint.Status.APPROVED
    )
    for metric_id, period in approved.values_list("metric_id", "period"):
        out[metric_id].append(period)
    return out


def _trajectories(metrics: dict[int, Metric]) -> dict[int, list[tuple[dt.date, float]]]:
    from qls.measurement.models import MetricTrajectory

    out: dict[int, list[tuple[dt.date, float]]] = defaultdict(list)
    rows = MetricTrajectory.objects.filter(metric_id__in=list(metrics)).order_by("period")
    for metric_id, period, target in rows.values_list("metric_id", "period", "target"):
        out[metric_id].append((period, target))
    return out


def target_at(base: float | None, trajectory: Sequence[tuple[dt.date, float]], when: dt.date):
    """The target in force at ``when``: the latest trajectory step on or before it."""
    current = base
    for period, target in trajectory:
        if period <= when:
            current = target
        else:
            break
    return current


def _options(
    metric: Metric,
    rebases: dict[int, list[dt.date]],
    trajectories: dict[int, list[tuple[dt.date, float]]],
    period: np.ndarray,
    rows: tuple[int, int],
) -> _Options:
    lo, hi = rows
    last = period[hi - 1].astype(dt.date)
    first = period[lo].astype(dt.date)
    trajectory = trajectories.get(metric.pk, [])
    target = target_at(metric.target, trajectory, last)
    engine_target = scaling.to_engine(target, scaling.factor(metric.chart_type, metric.multiplier))
    snapped: list[dt.date] = []
    periods = period[lo:hi]
    for when in rebases.get(metric.pk, []):
        if when <= first:
            continue
        i = int(np.searchsorted(periods, np.datetime64(when, "D")))
        if i < len(periods):
            snapped.append(periods[i].astype(dt.date))
    return _Options(
        direction=metric.improvement_direction,
        target=target,
        engine_target=engine_target,
        rebase=sorted(set(snapped)),
        trajectory=trajectory,
        base_target=metric.target,
    )


def _analyse_chart(
    chart: str,
    members: list[Series],
    options: dict[int, _Options],
    span: dict[int, tuple[int, int]],
    sid: np.ndarray,
    period: np.ndarray,
    value: np.ndarray,
    num: np.ndarray,
    den: np.ndarray,
    now: dt.datetime,
) -> int:
    """One engine call for every series of one chart type; returns how many succeeded.

    A series the engine refuses (bad data that slipped past an import) is
    set aside with its reason and the batch is run again without it, so one
    bad series never hides the others.
    """
    pending = list(members)
    while pending:
        idx = np.concatenate([np.arange(*span[s.pk]) for s in pending])
        # x as whole days since 1970: integer x keeps the engine off its
        # date-conversion path, which imports pandas (a second on first use).
        points: dict[str, Any] = {"series_id": sid[idx], "x": period[idx].astype(np.int64)}
        if chart in RATIO_CHARTS:
            points["numerator"] = num[idx]
            points["denominator"] = den[idx]
        else:
            points["y"] = value[idx]
        opts = {
            "series_id": [s.pk for s in pending],
            "improvement_direction": [options[s.pk].direction for s in pending],
            "target": [options[s.pk].engine_target for s in pending],
            "rebase": [[_day(d) for d in options[s.pk].rebase] or None for s in pending],
        }
        try:
            result = analyse(points, opts, chart=chart)
        except SpcInputError as error:
            bad = _bad_series(error, points, opts, pending)
            if bad is None:
                raise
            log.warning("SPC refused series %s: %s", bad.pk, error)
            _clear(bad, now, error=str(error))
            pending.remove(bad)
            continue
        lengths = [span[s.pk][1] - span[s.pk][0] for s in pending]
        _store(chart, pending, lengths, options, result, idx, num, den, now)
        return len(pending)
    return 0


def _bad_series(
    error: SpcInputError, points: dict[str, Any], opts: dict[str, Any], pending: list[Series]
) -> Series | None:
    row = getattr(error, "row", None)
    if row is None:
        return None
    if getattr(error, "table", None) == "options":
        wanted = opts["series_id"][row]
    else:
        wanted = int(points["series_id"][row])
    return next((s for s in pending if s.pk == wanted), None)


def _clear(s: Series, now: dt.datetime, error: str = "") -> None:
    s.variation_icon = ""
    s.assurance_icon = ""
    s.latest_period = None
    s.latest_value = None
    s.is_stale = False
    s.spc_computed_at = now
    s.spc_points = None
    s.spc_summary = {"error": error} if error else None


def _col(table: Any, name: str) -> np.ndarray:
    return table.column(name).to_numpy(zero_copy_only=False)


def _round(values: np.ndarray) -> list[Any]:
    """Floats to 6 significant figures for storage, NaN to None (JSON has no NaN).

    Vectorised over a whole batch: the scale of each value comes from its own
    magnitude, so one pass serves every series of a chart type.
    """
    out = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(out)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.floor(np.log10(np.abs(out)))
        scale = np.where(finite & (out != 0), 10.0 ** (5 - mag), 1.0)
        out = np.where(finite, np.round(out * scale) / scale, out)
    listed = out.tolist()
    if not finite.all():
        listed = [v if ok else None for v, ok in zip(listed, finite.tolist(), strict=True)]
    return listed


def _store(
    chart: str,
    members: list[Series],
    lengths: list[int],
    options: dict[int, _Options],
    result: Any,
    idx: np.ndarray,
    num: np.ndarray,
    den: np.ndarray,
    now: dt.datetime,
) -> None:
    pts = result.points
    # Input rows were sorted by (series, period), so the output is in the same order.
    y = _col(pts, "y")
    mean = _col(pts, "mean")
    lpl = _col(pts, "lpl")
    upl = _col(pts, "upl")
    segment = _col(pts, "segment")
    short = _col(pts, "short_segment")
    x_text = np.datetime_as_string(_col(pts, "x").astype("datetime64[D]"), unit="D")
    pt = pts.column("point_type").combine_chunks()
    type_names = pt.dictionary.to_pylist()
    remap = np.array([POINT_TYPES.index(n) for n in type_names] or [0], np.int8)
    codes = pt.indices.to_numpy(zero_copy_only=False)
    valid = ~np.asarray(pt.is_null().to_numpy(zero_copy_only=False), bool)
    ptype = np.where(valid, remap[np.where(valid, codes, 0).astype(np.int64)], -1)
    rules = np.zeros(len(y), np.int64)
    for name in RULES:
        rules |= _col(pts, name).astype(np.int64) * RULE_BITS[name]
    summary = {row["series_id"]: row for row in result.summary.to_pylist()}
    scale_ratio = chart in RATIO_CHARTS
    mult = np.repeat([scaling.factor(chart, s.metric.multiplier) for s in members], lengths).astype(
        np.float64
    )
    y = scaling.to_display(y, mult)
    cols = {
        "y": _round(y),
        "mean": _round(scaling.to_display(mean, mult)),
        "lpl": _round(scaling.to_display(lpl, mult)),
        "upl": _round(scaling.to_display(upl, mult)),
        "type": ptype.tolist(),
        "rules": rules.tolist(),
        "segment": segment.tolist(),
        "short": short.astype(np.int8).tolist(),
    }
    if scale_ratio:
        cols["num"] = _round(num[idx])
        cols["den"] = _round(den[idx])
    x_all = x_text.tolist()
    pos = 0
    for s, n in zip(members, lengths, strict=True):
        sl = slice(pos, pos + n)
        pos += n
        opt = options[s.pk]
        m = scaling.factor(chart, s.metric.multiplier)
        x_list = x_all[sl]
        t_types = ptype[sl]
        t_y = y[sl]
        observed = np.flatnonzero(t_types >= 0)
        targets = _targets(opt, x_list)
        data: dict[str, Any] = {"x": x_list, **{k: v[sl] for k, v in cols.items()}}
        if any(t is not None for t in targets):
            data["target"] = targets
        summ = summary[s.pk]
        # Assurance is judged on the limits at the last point, which are the
        # last segment's: pages name the period that segment starts.
        seg = segment[sl]
        segment_start = x_list[int(np.argmax(seg == seg[-1]))] if n else None
        last_obs = int(observed[-1]) if len(observed) else None
        recent = t_types[observed[-RECENT:]] if len(observed) else t_types[:0]
        concern_since = None
        if last_obs is not None and t_types[last_obs] == CONCERN:
            k = len(observed) - 1
            while k > 0 and t_types[observed[k - 1]] == CONCERN:
                k -= 1
            concern_since = x_list[int(observed[k])]
        s.variation_icon = summ.get("variation_icon") or ""
        s.assurance_icon = summ.get("assurance_icon") or ""
        s.latest_period = dt.date.fromisoformat(x_list[last_obs]) if last_obs is not None else None
        s.latest_value = float(t_y[last_obs]) if last_obs is not None else None
        s.is_stale = False
        s.spc_computed_at = now
        s.spc_points = data
        s.spc_summary = {
            "chart": chart,
            "direction": opt.direction,
            "target": opt.target,
            "multiplier": m,
            "n_points": int(summ["n_points"]),
            "n_segments": int(summ["n_segments"]),
            "last_mean": _scalar(summ.get("last_mean"), m),
            "last_lpl": _scalar(summ.get("last_lpl"), m),
            "last_upl": _scalar(summ.get("last_upl"), m),
            "runs_signal": bool(summ.get("runs_signal")),
            "last_type": POINT_TYPES[int(t_types[last_obs])] if last_obs is not None else None,
            "last_rules": _rule_names(int(rules[sl][last_obs])) if last_obs is not None else [],
            "recent_concern": int(np.count_nonzero(recent == CONCERN)),
            "recent_improvement": int(np.count_nonzero(recent == IMPROVEMENT)),
            "concern_since": concern_since,
            "short_segment": bool(short[sl][-1]) if n else False,
            "segment_start": segment_start,
            # Limits from mostly-zero moving ranges mean nothing: pages say so
            # instead of showing icons, and early warnings leave the series out.
            "repeated_values": bool(summ.get("repeated_values")),
        }


def _day(when: dt.date) -> int:
    return (when - dt.date(1970, 1, 1)).days


def _rule_names(bits: int) -> list[str]:
    return [name for name in RULES if bits & RULE_BITS[name]]


def _scalar(value: Any, scale: float) -> float | None:
    if value is None:
        return None
    f = scaling.to_display(float(value), scale)
    return f if np.isfinite(f) else None


def _targets(opt: _Options, x_list: list[str]) -> list[float | None]:
    """The target in force at each period (a trajectory steps; otherwise one value)."""
    if not opt.trajectory:
        return [opt.target] * len(x_list)
    out: list[float | None] = []
    steps = [(p.isoformat(), t) for p, t in opt.trajectory]
    k, current = 0, opt.base_target
    for x in x_list:
        while k < len(steps) and steps[k][0] <= x:
            current = steps[k][1]
            k += 1
        out.append(current)
    return out
